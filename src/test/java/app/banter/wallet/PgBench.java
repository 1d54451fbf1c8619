package app.banter.wallet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench against the benchmark's database, for the SQL ceiling next to the service's figure. The connection comes
 * from the PGHOST, PGPORT and PGUSER environment variables, as for every libpq client.
 */
record PgBench(String executable, String database, Path scripts) {

    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+)", Pattern.MULTILINE);

    /** Transactions per second of one script run by {@code clients} clients for {@code seconds}. */
    double tps(String script, int clients, int seconds) {
        List<String> command = List.of(executable, "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), "-f", scripts.resolve(script).toString(), database);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher tps = TPS.matcher(output);
            if (process.waitFor() != 0 || !tps.find() || output.contains("aborted")) {
                throw new IllegalStateException("pgbench " + script + " failed:\n" + output);
            }
            return Double.parseDouble(tps.group(1));
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
