package app.banter.testsupport;

import java.nio.file.Path;

/** Where src/test/tools/install.sh put the stand-ins: $BANTER_TEST_TOOLS, default ~/.cache/banter-test-tools. */
final class TestTools {

    private TestTools() {
    }

    static Path dir() {
        String configured = System.getenv("BANTER_TEST_TOOLS");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "banter-test-tools");
    }
}
