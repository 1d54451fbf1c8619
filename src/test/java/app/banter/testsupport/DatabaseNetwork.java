package app.banter.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.SocketFactory;

/**
 * The network between the application and PostgreSQL, which a test can cut: PgJDBC opens its sockets through this
 * factory (the driver's socketFactory property). Cut, every open connection is closed under the driver and new ones
 * are refused, as when the database host goes away.
 */
public class DatabaseNetwork extends SocketFactory {

    private static final Set<Socket> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean cut;

    public static void cut() {
        cut = true;
        for (Socket socket : OPEN) {
            try {
                socket.close();
            } catch (IOException alreadyGone) {
                // closed either way
            }
        }
        OPEN.clear();
    }

    public static void restore() {
        cut = false;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (cut) {
                    throw new ConnectException("Connection refused: the test cut the database network");
                }
                super.connect(endpoint, timeout);
                OPEN.add(this);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("PgJDBC connects an unconnected socket");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("PgJDBC connects an unconnected socket");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("PgJDBC connects an unconnected socket");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("PgJDBC connects an unconnected socket");
    }
}
