package dev.inference.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.inference.gateway.docs.ReadmeWalkThrough.Block;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README runs as pasted: its shell blocks run in document order, in one {@code bash -euo pipefail} process (so
 * that variables carry from block to block), against the packaged application with the settings of
 * {@link ReadmeAppResource}, the README's {@code http://localhost:8080} replaced by the application's address.
 * Every block must succeed and print what its comment lines show.
 *
 * <p>
 * Conventions in README.md (details in {@link ReadmeWalkThrough}):
 * <ul>
 * <li>Every {@code ```bash} block runs, except one whose fence is right after the line {@code <!-- not run -->}
 * (invisible once rendered): use it for what cannot run here ({@code ./mvnw quarkus:dev}, {@code java -jar},
 * deployment commands).</li>
 * <li>A line that is only a comment ({@code # ...} in the first column) shows output the block must print, in
 * order; {@code ...} stands for any text.</li>
 * <li>Examples must fail visibly: {@code curl -fsS} for calls that should succeed, {@code -w '%{http_code}'} where
 * the status is the point; a command that would not end (a watch) carries {@code --max-time} in the README itself.
 * </li>
 * </ul>
 * The walk-through needs {@code bash}, {@code curl} and {@code jq} on the machine ({@code .ci/run} installs them).
 */
@QuarkusIntegrationTest
@WithTestResource(ReadmeAppResource.class)
class ReadmeExamplesIT {
    private static final Path README = Path.of("README.md");
    private static final String README_URL = "http://localhost:8080";
    private static final String DONE = "@@ README block %d done @@";
    /**
     * The walk-through's own waits are short: until-loops that poll a rollout once a second (zones of 100-150 ms,
     * ReadmeAppResource) and two watches that curl ends after 3 s and 2 s (--max-time in the README); the rest are
     * a few dozen curl and jq calls of milliseconds. Well under a minute even on a slow, shared machine; 3 minutes
     * only keep a block that hangs from hanging the build.
     */
    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void theWalkThroughRunsAsPasted() throws Exception {
        assertThat(README).as("README.md in the working directory").exists();
        List<Block> blocks = ReadmeWalkThrough.blocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertThat(blocks).as("shell blocks of the README that run").isNotEmpty();
        assertThat(blocks.stream().mapToInt(b -> b.shows().size()).sum()).as("output lines the README shows")
                .isPositive();
        assertThat(blocks.stream().anyMatch(b -> b.text().contains(README_URL)))
                .as("the walk-through calls " + README_URL).isTrue();

        String output = run(blocks);

        List<String> failures = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            String done = String.format(DONE, i);
            int end = output.indexOf(done, from);
            if (end < 0) {
                failures.add(String.format("The README's block at line %d failed (bash -euo pipefail stopped there):"
                        + "%n%s%n--- its output:%n%s", block.line(), block.text(), output.substring(from).strip()));
                break;
            }
            String printed = output.substring(from, end);
            from = end + done.length();
            ReadmeWalkThrough.firstMissing(block.shows(), printed).ifPresent(missing -> failures.add(String.format(
                    "The README's block at line %d does not print what it shows.%n  shown:   %s%n--- it printed:%n%s",
                    block.line(), missing, printed.strip())));
        }
        if (!failures.isEmpty()) {
            fail(String.join(String.format("%n%n"), failures));
        }
        for (String key : ReadmeWalkThrough.apiKeys(blocks)) {
            assertThat(output).as("an apiKey the README sends never comes back").doesNotContain(key);
        }
    }

    /** Runs every block in one bash process; answers what it printed (standard output and error, interleaved). */
    private static String run(List<Block> blocks) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("command -v curl >/dev/null && command -v jq >/dev/null"
                + " || { echo 'the walk-through needs curl and jq' >&2; exit 1; }\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append(blocks.get(i).text().replace(README_URL, "http://localhost:" + RestAssured.port))
                    .append("\nprintf '\\n%s\\n' '").append(String.format(DONE, i)).append("'\n");
        }
        Path dir = Files.createTempDirectory("readme-walk-through");
        try {
            Path scriptFile = Files.writeString(dir.resolve("walk-through.sh"), script);
            Path outputFile = dir.resolve("output");
            Process bash = new ProcessBuilder("bash", "-euo", "pipefail", scriptFile.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
            if (!bash.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                bash.descendants().forEach(ProcessHandle::destroyForcibly);
                bash.destroyForcibly().waitFor();
                return Files.readString(outputFile) + "\n(stopped: the walk-through ran longer than "
                        + TIMEOUT_SECONDS + " s)";
            }
            String output = Files.readString(outputFile);
            return bash.exitValue() == 0 ? output : output + "\n(bash exited with status " + bash.exitValue() + ")";
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
