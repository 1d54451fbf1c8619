package app.banter.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Records what the application logs while it is open, from every thread: a handler on the root logger of the JBoss
 * LogManager that Quarkus tests run with.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    public record Line(Level level, String logger, String message, Throwable thrown) {

        public boolean isWarnOrWorse() {
            return level.intValue() >= Level.WARNING.intValue();
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        lines.add(new Line(record.getLevel(), record.getLoggerName(), message, record.getThrown()));
    }

    /** Lines at WARN or above. */
    public List<Line> warnings() {
        return lines.stream().filter(Line::isWarnOrWorse).toList();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
