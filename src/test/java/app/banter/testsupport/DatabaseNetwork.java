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

    // The driver loads this class in the application's class loader and the test in its own: the state they share
    // lives in system properties, as EmbeddedServersResource's does.
    private static final String CUT = "banter-test.database-network-cut";
    private static final String OPEN = "banter-test.database-sockets";

    public static void cut() {
        System.getProperties().put(CUT, Boolean.TRUE);
        for (Socket socket : open()) {
            try {
                socket.close();
            } catch (IOException alreadyGone) {
                // closed either way
            }
        }
        open().clear();
    }

    public static void restore() {
        System.getProperties().remove(CUT);
    }

    @SuppressWarnings("unchecked")
    private static Set<Socket> open() {
        return (Set<Socket>) System.getProperties().computeIfAbsent(OPEN, key -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (System.getProperties().get(CUT) != null) {
                    throw new ConnectException("Connection refused: the test cut the database network");
                }
                super.connect(endpoint, timeout);
                open().add(this);
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
