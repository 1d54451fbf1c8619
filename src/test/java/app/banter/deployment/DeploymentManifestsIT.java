package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The committed manifests (kubernetes/) and service chart (helm/banter) must be exactly what the build generates from
 * application.properties and src/main/kubernetes, so that a deployer applying them gets what was built and tested.
 * Runs after package, when target/ holds the generated files. To accept a deliberate change, run
 * {@code ./mvnw verify -Dit.test=DeploymentManifestsIT -Dbanter.manifests.update=true} and commit the result.
 */
class DeploymentManifestsIT {

    private static final boolean UPDATE = Boolean.getBoolean("banter.manifests.update");

    @Test
    void kubernetesManifestsMatchTheBuild() throws IOException {
        assertSameFiles(Path.of("target/kubernetes"), Path.of("kubernetes"), "kubernetes.yml");
    }

    @Test
    void serviceChartMatchesTheBuild() throws IOException {
        assertSameFiles(Path.of("target/helm/kubernetes/banter"), Path.of("helm/banter"), null);
    }

    /** Compares every regular file of both trees (or the one named), or rewrites the committed tree in update mode. */
    private static void assertSameFiles(Path generated, Path committed, String onlyFile) throws IOException {
        Map<String, String> expected = files(generated, onlyFile);
        assertThat(expected).as("generated files under %s (run ./mvnw package first)", generated).isNotEmpty();
        if (UPDATE) {
            for (String stale : files(committed, onlyFile).keySet()) {
                Files.delete(committed.resolve(stale));
            }
            for (Map.Entry<String, String> file : expected.entrySet()) {
                Path target = committed.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        }
        assertThat(files(committed, onlyFile))
                .as("%s differs from the generated %s; if the change is intended, regenerate it with "
                        + "-Dbanter.manifests.update=true (see docs/DEPLOYMENT.md)", committed, generated)
                .isEqualTo(expected);
    }

    private static Map<String, String> files(Path root, String onlyFile) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return contents;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(file).toString();
                if (onlyFile == null || onlyFile.equals(name)) {
                    contents.put(name, Files.readString(file));
                }
            }
        }
        return contents;
    }
}
