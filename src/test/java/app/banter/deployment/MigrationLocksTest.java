package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Migrations run at a pod's start while the previous release serves traffic. A plain CREATE INDEX on a table that
 * already holds rows stops every write to it for the whole build, and a build the startup probe cuts short starts again
 * in the next pod. From V19_41 on, an index on a table the migration did not create is built CONCURRENTLY, unless the
 * file says why the table is small enough ("-- lock-ok: ..."). Earlier migrations ran everywhere before this rule.
 */
class MigrationLocksTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final int[] RULE_FROM = {19, 41};
    private static final Pattern FILE = Pattern.compile("V([0-9_]+)__.*\\.sql");
    private static final Pattern CREATED_TABLE = Pattern.compile("create table (?:if not exists )?([a-z_]+)");
    private static final Pattern INDEX = Pattern.compile(
            "create (?:unique )?index (concurrently )?(?:if not exists )?[a-z_]* ?on ([a-z_]+)");

    @Test
    void indexesOnExistingTablesAreBuiltWithoutStoppingWrites() throws IOException {
        List<String> blocking;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            blocking = files.filter(file -> isRuled(file.getFileName().toString()))
                    .flatMap(file -> blockingIndexes(file).stream()).toList();
        }
        assertThat(blocking).isEmpty();
    }

    @Test
    void theRuleCatchesAPlainIndexOnATableThatHoldsRows() {
        assertThat(blockingIndexes("CREATE INDEX notifications_actor ON notifications ((data ->> 'userId'));"))
                .containsExactly("notifications");
        assertThat(blockingIndexes("CREATE INDEX CONCURRENTLY IF NOT EXISTS notifications_actor ON notifications (x);"))
                .isEmpty();
        assertThat(blockingIndexes("CREATE TABLE things (id uuid);\nCREATE UNIQUE INDEX things_once ON things (id);"))
                .isEmpty();
        assertThat(blockingIndexes("-- lock-ok: a few rows per payout\nCREATE INDEX payouts_x ON payouts (x);"))
                .isEmpty();
    }

    private static boolean isRuled(String fileName) {
        Matcher version = FILE.matcher(fileName);
        if (!version.matches()) {
            return false;
        }
        int[] parts = Arrays.stream(version.group(1).split("_")).mapToInt(Integer::parseInt).toArray();
        return Arrays.compare(parts, RULE_FROM) >= 0;
    }

    private static List<String> blockingIndexes(Path file) {
        try {
            return blockingIndexes(Files.readString(file)).stream().map(table -> file.getFileName() + ": " + table)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The existing tables the script indexes while holding them against writes. */
    static List<String> blockingIndexes(String script) {
        if (script.contains("-- lock-ok:")) {
            return List.of();
        }
        String sql = script.lines().filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining(" ")).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Set<String> created = CREATED_TABLE.matcher(sql).results().map(m -> m.group(1)).collect(Collectors.toSet());
        return INDEX.matcher(sql).results().filter(m -> m.group(1) == null && !created.contains(m.group(2)))
                .map(m -> m.group(2)).toList();
    }
}
