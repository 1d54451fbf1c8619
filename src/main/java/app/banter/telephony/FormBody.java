package app.banter.telephony;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An application/x-www-form-urlencoded body, as both providers post their status callbacks. */
public final class FormBody {

    private FormBody() {
    }

    /** Each name with its first value; an empty or unreadable body gives an empty map. */
    public static Map<String, String> parse(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                // A broken escape: the pair is not readable, and a signed body with one fails verification anyway.
            }
        }
        return params;
    }
}
