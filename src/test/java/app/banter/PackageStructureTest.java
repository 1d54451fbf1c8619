package app.banter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of CONVENTIONS.md, read from the main sources: feature packages depend on each other in one
 * direction only, other features reach users through the {@code user.Users} facade, and SQL stays in repositories and
 * stores.
 */
class PackageStructureTest {

    private static final Path ROOT = Path.of("src/main/java/app/banter");
    private static final Pattern FEATURE_REFERENCE = Pattern.compile("\\bapp\\.banter\\.([a-z]+)\\.");
    private static final Pattern USER_INTERNALS = Pattern.compile(
            "\\bapp\\.banter\\.user\\.(User|UserRepository|DeviceRepository|Device)\\b");
    private static final Pattern SQL = Pattern.compile("jakarta\\.persistence\\.EntityManager|javax\\.sql\\.DataSource"
            + "|createNativeQuery|createQuery|getEntityManager|prepareStatement"
            + "|\\.(find|list|stream|count|delete|update)\\(\"");

    /** Services whose SQL other parts of issue 10 move into repositories; each leaves this list as its move lands. */
    private static Map<String, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.put(
                    ROOT.relativize(f).toString().replace('\\', '/'), read(f)));
        }
        assertThat(sources).as("main sources under " + ROOT.toAbsolutePath()).isNotEmpty();
    }

    @Test
    void featurePackagesHaveNoCycle() {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        sources.forEach((file, source) -> {
            String feature = featureOf(file);
            Set<String> used = dependencies.computeIfAbsent(feature, f -> new TreeSet<>());
            Matcher reference = FEATURE_REFERENCE.matcher(source);
            while (reference.find()) {
                if (!reference.group(1).equals(feature)) {
                    used.add(reference.group(1));
                }
            }
        });
        assertThat(dependencies).containsKeys("user", "social", "platform");
        assertThat(dependencies.get("platform")).as("platform depends on no feature").isEmpty();
        for (String feature : dependencies.keySet()) {
            assertThat(pathBack(feature, feature, dependencies, new HashSet<>()))
                    .as("a dependency path from " + feature + " back to itself").isEmpty();
        }
    }

    @Test
    void otherFeaturesReachUsersThroughTheFacade() {
        List<String> offenders = new ArrayList<>();
        sources.forEach((file, source) -> {
            if (!featureOf(file).equals("user") && USER_INTERNALS.matcher(source).find()) {
                offenders.add(file);
            }
        });
        assertThat(offenders).as("files outside user that use its entities or repositories").isEmpty();
    }

    @Test
    void sqlLivesInRepositoriesAndStores() {
        List<String> offenders = new ArrayList<>();
        sources.forEach((file, source) -> {
            boolean holdsSql = file.endsWith("Repository.java") || file.endsWith("Store.java")
                    || file.equals("platform/Jdbc.java");
            if (!holdsSql && SQL.matcher(source).find()) {
                offenders.add(file);
            }
        });
        assertThat(offenders).as("files with SQL that are neither a repository nor a store").isEmpty();
    }

    /**
     * Panache's {@code count("...")} makes Hibernate copy and translate a count query on every call (its interpretation
     * is never cached: a tenth of a room join's CPU went there); an explicit {@code select count(*)} or {@code select 1}
     * query is translated once.
     */
    @Test
    void noPanacheCountQueries() {
        Pattern panacheCount = Pattern.compile("(?<![.\\w])count\\(\"");
        List<String> offenders = new ArrayList<>();
        sources.forEach((file, source) -> {
            if (panacheCount.matcher(source).find()) {
                offenders.add(file);
            }
        });
        assertThat(offenders).as("files calling Panache's count(query, ...)").isEmpty();
    }

    /**
     * A native query given a basic result class ({@code createNativeQuery(sql, UUID.class)}) misses Hibernate 7.2's
     * query plan cache on every call: the implicit result builder it makes has no equals, so each call stores one more
     * entry under the same SQL's hash, and every lookup then compares against all of them (5 % of the webhook storm's
     * samples for one such query). Without the class the row's value comes back as its JDBC type and is cast.
     */
    @Test
    void noNativeQueriesWithABasicResultClass() {
        Pattern basicResult = Pattern.compile("createNativeQuery\\([^;]*?\",\\s*(UUID|String|Long|Integer|Short|Boolean"
                + "|Instant|OffsetDateTime|LocalDate|BigDecimal|Double)\\.class\\)");
        List<String> offenders = new ArrayList<>();
        sources.forEach((file, source) -> {
            if (basicResult.matcher(source).find()) {
                offenders.add(file);
            }
        });
        assertThat(offenders).as("files with a native query given a basic result class").isEmpty();
    }

    /** A path of packages from {@code from} that ends at {@code target}, or an empty list when there is none. */
    private static List<String> pathBack(String from, String target, Map<String, Set<String>> dependencies,
            Set<String> visited) {
        for (String next : dependencies.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return List.of(from, next);
            }
            if (visited.add(next)) {
                List<String> rest = pathBack(next, target, dependencies, visited);
                if (!rest.isEmpty()) {
                    List<String> path = new ArrayList<>(List.of(from));
                    path.addAll(rest);
                    return path;
                }
            }
        }
        return List.of();
    }

    private static String featureOf(String file) {
        int slash = file.indexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
