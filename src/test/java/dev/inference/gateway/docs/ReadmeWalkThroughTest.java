package dev.inference.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inference.gateway.docs.ReadmeWalkThrough.Block;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ReadmeExamplesIT} reads the README: which blocks run, and what their comment lines require. */
class ReadmeWalkThroughTest {

    @Test
    void shellBlocksRunUnlessMarkedAndOtherFencesAreText() {
        List<Block> blocks = ReadmeWalkThrough.blocks(List.of(
                "# Title",                       // 1
                "<!-- not run -->",              // 2
                "```bash",                       // 3
                "./mvnw quarkus:dev",
                "```",
                "```bash",                       // 6
                "echo one   # an explanation",
                "# one",
                "# ...",
                "```",
                "```json",                       // 11
                "{\"a\": 1}",
                "```",
                "```sh",                         // 14
                "echo two",
                "```"));
        assertThat(blocks).extracting(Block::line).containsExactly(6, 14);
        assertThat(blocks.get(0).script()).containsExactly("echo one   # an explanation", "# one", "# ...");
        assertThat(blocks.get(0).shows()).containsExactly("one");
        assertThat(blocks.get(1).shows()).isEmpty();
    }

    @Test
    void aMarkerOutsideAFenceOrAnUnclosedBlockIsAnError() {
        assertThatThrownBy(() -> ReadmeWalkThrough.blocks(List.of("<!-- not run -->", "", "```bash", "x", "```")))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ReadmeWalkThrough.blocks(List.of("<!-- not run -->", "```json", "{}", "```")))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ReadmeWalkThrough.blocks(List.of("text", "```bash", "echo"))).hasMessageContaining("line 2");
    }

    @Test
    void shownLinesMatchInOrderWithEllipsesForAnyText() {
        String output = "{\"id\":\"9e30\",\"n\":1}\r\nnoise\n304\n";
        assertThat(ReadmeWalkThrough.firstMissing(List.of("{\"id\":\"...\",\"n\":1}", "304"), output)).isEmpty();
        assertThat(ReadmeWalkThrough.firstMissing(List.of("304", "{\"id\":\"...\",\"n\":1}"), output)).contains(
                "{\"id\":\"...\",\"n\":1}");
        assertThat(ReadmeWalkThrough.firstMissing(List.of("30"), output)).contains("30");
        assertThat(ReadmeWalkThrough.firstMissing(List.of("304", "304"), output)).contains("304");
        assertThat(ReadmeWalkThrough.pattern("https://....zone.example.com").matcher("https://abc-1.zone.example.com")
                .matches()).isTrue();
        assertThat(ReadmeWalkThrough.pattern("a.b (c)").matcher("aXb (c)").matches()).isFalse();
    }

    @Test
    void apiKeysSentAreFound() {
        List<Block> blocks = ReadmeWalkThrough.blocks(List.of("```bash",
                "curl -d '{\"weightsAndBiasesAuth\": {\"apiKey\": \"wandb-secret\"}}'", "```"));
        assertThat(ReadmeWalkThrough.apiKeys(blocks)).containsExactly("wandb-secret");
    }
}
