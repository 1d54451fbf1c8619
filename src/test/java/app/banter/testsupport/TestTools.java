package app.banter.testsupport;

import java.nio.file.Path;

/**
 * Where src/test/tools/install.sh put the stand-ins. The Maven build hands both the same folder
 * ({@code banter.test-tools.dir}); run from elsewhere (an IDE), the same fallbacks as the script: $BANTER_TEST_TOOLS,
 * then $HOME/.cache/banter-test-tools, since Java's user.home is not always $HOME.
 */
public final class TestTools {

    private TestTools() {
    }

    public static Path dir() {
        String fromBuild = System.getProperty("banter.test-tools.dir");
        if (isSet(fromBuild)) {
            return Path.of(fromBuild);
        }
        String fromEnvironment = System.getenv("BANTER_TEST_TOOLS");
        if (isSet(fromEnvironment)) {
            return Path.of(fromEnvironment);
        }
        String home = System.getenv("HOME");
        return Path.of(isSet(home) ? home : System.getProperty("user.home"), ".cache", "banter-test-tools");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
