package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The project's charts (helm/) run through the real Helm, bundled by helm-java: lint, dependency update and
 * template. Works on a copy of helm/ so that dependency builds never write into the source tree.
 */
final class Charts {

    static final String NAMESPACE = "banter";
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static Path copy;

    private Charts() {
    }

    /**
     * Lints the chart as it is installed with the given values file on top of values.yaml. helm-java's lint takes no
     * values file, so a copy of the chart gets the two merged as Helm merges them: maps key by key, the rest replaced.
     */
    static LintResult lint(String chart, String valuesFile) {
        return lint(chart, valuesFile, "{}");
    }

    /** As {@link #lint(String, String)}, with more values (YAML, as an install's own values file) on top of both. */
    static LintResult lint(String chart, String valuesFile, String moreValues) {
        Path dir = chartDir(chart);
        try {
            Path copy = copyTree(dir, Files.createTempDirectory("banter-lint").resolve(chart));
            Yaml yaml = new Yaml();
            Map<String, Object> values = yaml.load(Files.readString(dir.resolve("values.yaml")));
            merge(values, yaml.load(Files.readString(dir.resolve(valuesFile))));
            merge(values, yaml.load(moreValues));
            Files.writeString(copy.resolve("values.yaml"), yaml.dump(values));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> values, Map<String, Object> overrides) {
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && values.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) map);
            } else {
                values.put(key, value);
            }
        });
    }

    /** Renders a chart with its values.yaml and, when given, one of its values files on top. */
    static List<HasMetadata> render(String chart, String valuesFile) {
        return render(chart, valuesFile, Map.of());
    }

    /** Renders a chart with its values.yaml, an optional values file on top, then --set values. */
    static List<HasMetadata> render(String chart, String valuesFile, Map<String, String> set) {
        return render("banter", chart, valuesFile, set);
    }

    /** Renders a chart as the named release, with its values.yaml, an optional values file, then --set values. */
    static List<HasMetadata> render(String release, String chart, String valuesFile, Map<String, String> set) {
        Path dir = chartDir(chart);
        TemplateCommand template = new Helm(dir).template().withName(release).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            Path values = dir.resolve(valuesFile);
            assertThat(values).exists();
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, String> value : set.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return parse(template.call());
    }

    /** Kubernetes objects of a multi-document YAML stream, as the fabric8 model reads them. */
    static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(document -> KUBERNETES.unmarshal(document, HasMetadata.class))
                .toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).toList();
        assertThat(matching).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return matching.getFirst();
    }

    /** An object of a kind outside the core model (a CRD's), whatever model class the class path reads it into. */
    static GenericKubernetesResource generic(List<HasMetadata> objects, String kind, String name) {
        List<HasMetadata> matching = objects.stream().filter(object -> object.getKind().equals(kind))
                .filter(object -> object.getMetadata().getName().equals(name)).toList();
        assertThat(matching).as("%s %s", kind, name).hasSize(1);
        return KUBERNETES.convertValue(matching.getFirst(), GenericKubernetesResource.class);
    }

    private static synchronized Path chartDir(String chart) {
        if (copy == null) {
            copy = copyOfHelmDir();
            Path stack = copy.resolve("banter-stack");
            new Helm(stack).dependency().update().skipRefresh().call();
        }
        return copy.resolve(chart);
    }

    private static Path copyOfHelmDir() {
        try {
            // helm-java unpacks its native library under java.io.tmpdir, which must therefore exist.
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            return copyTree(Path.of("helm"), Files.createTempDirectory("banter-helm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
