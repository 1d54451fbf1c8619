package app.banter.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The native image runs with the heap its figures were measured with (bench/lib/service.sh, BENCH_SERVER_XMX): a native
 * executable without -Xmx takes most of the container's memory for its heap.
 */
class NativeHeapTest {

    @Test
    void theNativeImageCapsItsHeapAsTheBenchmarkRanIt() throws IOException {
        // Instructions may continue on the next line after a backslash.
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.native")).replace("\\\n", " ");
        String entrypoint = dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        Matcher imageHeap = Pattern.compile("\"-Xmx(\\w+)\"").matcher(entrypoint);
        assertThat(imageHeap.find()).as("-Xmx in %s", entrypoint).isTrue();

        Matcher benchHeap = Pattern.compile("heap=\"\\$\\{BENCH_SERVER_XMX:-(\\w+)}\"")
                .matcher(Files.readString(Path.of("bench/lib/service.sh")));
        assertThat(benchHeap.find()).as("BENCH_SERVER_XMX's default in bench/lib/service.sh").isTrue();
        assertThat(imageHeap.group(1)).isEqualTo(benchHeap.group(1));
    }
}
