package app.banter.testsupport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * The network between the application and PostgreSQL, which a test can cut: PgJDBC opens its sockets through this
 * factory (the driver's socketFactory property). Cut, every open connection fails at its next read or write and new
 * ones are refused, as when the database host goes away.
 */
public class DatabaseNetwork extends SocketFactory {

    // The driver loads this class in the application's class loader and the test in its own: the one flag they share
    // is a system property, and a String one, since code that reads all system properties at start (the transaction
    // manager's) fails on other values.
    private static final String CUT = "banter-test.database-network-cut";

    public static void cut() {
        System.setProperty(CUT, "true");
    }

    public static void restore() {
        System.clearProperty(CUT);
    }

    private static void refuseWhenCut(Socket socket) throws IOException {
        if (System.getProperty(CUT) != null) {
            socket.close();
            throw new SocketException("Connection reset: the test cut the database network");
        }
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                refuseWhenCut(this);
                super.connect(endpoint, timeout);
            }

            @Override
            public InputStream getInputStream() throws IOException {
                Socket socket = this;
                return new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        refuseWhenCut(socket);
                        return super.read();
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        refuseWhenCut(socket);
                        return super.read(buffer, offset, length);
                    }
                };
            }

            @Override
            public OutputStream getOutputStream() throws IOException {
                Socket socket = this;
                return new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        refuseWhenCut(socket);
                        super.write(b);
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        refuseWhenCut(socket);
                        out.write(buffer, offset, length);
                    }
                };
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
