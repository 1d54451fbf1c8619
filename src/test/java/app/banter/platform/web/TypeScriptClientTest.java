package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import app.banter.testsupport.TestTools;

/**
 * The TypeScript client of clients/typescript: its generated types are what the checked-in OpenAPI and AsyncAPI
 * documents make of them, and the whole client (with examples.ts, the main flows written against it) type-checks
 * with tsc. Both tools come from src/test/tools/install.sh.
 */
class TypeScriptClientTest {

    private static final Path CLIENT = Path.of("clients/typescript");
    private static final String GENERATE = "clients/typescript/generate.sh";

    @Test
    void theGeneratedTypesAreUpToDate() throws Exception {
        Path fresh = Files.createTempDirectory("banter-ts");
        run(List.of(CLIENT.resolve("generate.sh").toString(), fresh.toString()), "generate.sh");
        for (String file : List.of("api.ts", "events.ts")) {
            Path committed = CLIENT.resolve("src/generated").resolve(file);
            assertThat(Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "")
                    .as("%s is not generated from the checked-in documents (docs/api/openapi.json, asyncapi.json): "
                            + "run %s and commit it", committed, GENERATE)
                    .isEqualTo(Files.readString(fresh.resolve(file), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theClientTypeChecks() throws Exception {
        Path tsc = TestTools.dir().resolve("typescript/node_modules/.bin/tsc");
        assertThat(tsc).as("tsc: run src/test/tools/install.sh").exists();
        run(List.of(tsc.toString(), "-p", CLIENT.toString()), "tsc -p clients/typescript");
    }

    static void run(List<String> command, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BANTER_TEST_TOOLS", TestTools.dir().toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(what + " finished").isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", what, new String(output, StandardCharsets.UTF_8))
                .isZero();
    }
}
