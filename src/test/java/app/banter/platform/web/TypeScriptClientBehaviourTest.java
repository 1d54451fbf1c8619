package app.banter.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.banter.testsupport.TestTools;

/**
 * What the TypeScript client does, beyond its types: tsc compiles clients/typescript into a temporary folder and node
 * runs src/test/typescript/client.test.cjs against it, which plays the server with a fake fetch, a fake WebSocket and
 * fake timers (the session rules: which 401s refresh; the socket's: which close codes reconnect, and that close()
 * stops them). Both tools come from src/test/tools/install.sh.
 */
class TypeScriptClientBehaviourTest {

    private static final String SCRIPT = "src/test/typescript/client.test.cjs";

    @Test
    void theClientFollowsTheSessionAndReconnectRules(@TempDir Path compiled) throws Exception {
        Path tsc = TestTools.dir().resolve("typescript/node_modules/.bin/tsc");
        assertThat(tsc).as("tsc: run src/test/tools/install.sh").exists();
        // CommonJS for node to load as it is; the app's bundler resolves the client's extensionless imports itself.
        TypeScriptClientTest.run(List.of(tsc.toString(), "-p", "clients/typescript", "--noEmit", "false", "--outDir",
                compiled.toString(), "--module", "commonjs", "--moduleResolution", "node10"), "tsc to JavaScript");
        TypeScriptClientTest.run(List.of("node", SCRIPT, compiled.toString()), "node " + SCRIPT);
    }
}
