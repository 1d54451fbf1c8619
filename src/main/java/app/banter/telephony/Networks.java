package app.banter.telephony;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Whether an address is in one of a list of CIDR ranges ("203.0.113.0/24", "2001:db8::/32", or a bare address). */
public final class Networks {

    private Networks() {
    }

    public static boolean contains(List<String> networks, String address) {
        byte[] ip = literal(address);
        if (ip == null) {
            return false;
        }
        for (String network : networks) {
            String trimmed = network.trim();
            int slash = trimmed.indexOf('/');
            byte[] base = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (base == null || base.length != ip.length) {
                continue;
            }
            int bits;
            try {
                bits = slash < 0 ? base.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (matches(base, ip, bits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] base, byte[] ip, int bits) {
        for (int i = 0; i < base.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((base[i] & mask) != (ip[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal; null for anything else (never a DNS lookup). */
    private static byte[] literal(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
