package app.banter.platform.web;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Last line of defence for personal data in logs: phone numbers, account numbers and identity document
 * numbers are masked in every formatted log message, whoever wrote it.
 */
@LoggingFilter(name = "redact")
public final class LogRedaction implements Filter {

    // Phone and account numbers (9+ digits standing alone, not inside ids), Aadhaar as printed (4-4-4) and PAN (ABCDE1234F).
    private static final Pattern LONG_NUMBER = Pattern
            .compile("(?<![\\w-])\\+?\\d{9,}(?![\\w-])|\\b\\d{4} \\d{4} \\d{4}\\b|\\b[A-Z]{5}\\d{4}[A-Z]\\b");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            if (message != null && LONG_NUMBER.matcher(message).find()) {
                ext.setMessage(redact(message), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }

    static String redact(String message) {
        return LONG_NUMBER.matcher(message).replaceAll(m -> {
            String digits = m.group();
            return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(digits.length() - 2);
        });
    }
}
