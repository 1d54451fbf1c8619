package app.banter.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;

/** Loopback ports nobody listens on, for the servers the tests start. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcp() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A port free for both TCP and UDP, as TURN listens on both. */
    public static int tcpAndUdp() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0); DatagramSocket udp = new DatagramSocket(tcp.getLocalPort())) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side is in use: try another
            }
        }
        throw new IOException("No free port for TCP and UDP");
    }
}
