package dev.inference.gateway.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shell blocks of a markdown document that {@link ReadmeExamplesIT} runs, and the check of what they print.
 *
 * <ul>
 * <li>A block fenced with {@code ```bash} (or {@code sh}, {@code shell}) runs, unless the line right before its
 * fence is {@value #NOT_RUN}: an HTML comment, invisible once the markdown is rendered. A marker that is not
 * followed by a shell fence is an error, so that a typo cannot turn a skipped block into a run one unnoticed.
 * Other fences ({@code ```json}, plain {@code ```}) are text and never run.</li>
 * <li>In a block that runs, a line that is only a comment ({@code # ...} from its first column) shows what the
 * commands print. The block's output must contain a line matching each of them, in the same order (other lines
 * may come between). {@code ...} in such a line stands for any text; a line that is only {@code ...} checks
 * nothing. Comments after a command on the same line are explanations and are not checked.</li>
 * </ul>
 */
final class ReadmeWalkThrough {
    static final String NOT_RUN = "<!-- not run -->";
    private static final Pattern SHELL_FENCE = Pattern.compile("```(bash|sh|shell)\\s*");
    private static final Pattern ANY_FENCE = Pattern.compile("```.*");
    private static final Pattern CLOSING_FENCE = Pattern.compile("```\\s*");
    private static final String ELLIPSIS = "...";
    private static final Pattern API_KEY = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"");

    private ReadmeWalkThrough() {
    }

    /** A block that runs: the line of its opening fence (1-based), its lines, and the output lines it shows. */
    record Block(int line, List<String> script, List<String> shows) {
        String text() {
            return String.join("\n", script);
        }
    }

    /** The blocks of the document that run, in document order. */
    static List<Block> blocks(List<String> document) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < document.size(); i++) {
            String line = document.get(i);
            if (line.trim().equals(NOT_RUN)
                    && (i + 1 >= document.size() || !SHELL_FENCE.matcher(document.get(i + 1)).matches())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + NOT_RUN
                        + " must be the line right before a ```bash fence");
            }
            if (!ANY_FENCE.matcher(line).matches()) {
                continue;
            }
            int open = i;
            List<String> body = new ArrayList<>();
            for (i++; i < document.size() && !CLOSING_FENCE.matcher(document.get(i)).matches(); i++) {
                body.add(document.get(i));
            }
            if (i >= document.size()) {
                throw new IllegalArgumentException("line " + (open + 1) + ": the code block is never closed");
            }
            boolean skipped = open > 0 && document.get(open - 1).trim().equals(NOT_RUN);
            if (SHELL_FENCE.matcher(line).matches() && !skipped) {
                blocks.add(new Block(open + 1, body, shows(body)));
            }
        }
        return blocks;
    }

    private static List<String> shows(List<String> script) {
        return script.stream()
                .filter(l -> l.startsWith("# ") || l.equals("#"))
                .map(l -> l.substring(1).strip())
                .filter(l -> !l.isEmpty() && !l.equals(ELLIPSIS))
                .collect(Collectors.toList());
    }

    /**
     * The first line of {@code shows} that the output does not have (each matched after the previous one's match),
     * or empty when the output has them all. Trailing white space and carriage returns are ignored.
     */
    static Optional<String> firstMissing(List<String> shows, String output) {
        List<String> lines = output.lines().map(String::stripTrailing).collect(Collectors.toList());
        int next = 0;
        for (String shown : shows) {
            Pattern pattern = pattern(shown);
            while (next < lines.size() && !pattern.matcher(lines.get(next)).matches()) {
                next++;
            }
            if (next == lines.size()) {
                return Optional.of(shown);
            }
            next++;
        }
        return Optional.empty();
    }

    /** A shown line as a pattern: literal text, with {@code ...} matching any text. */
    static Pattern pattern(String shown) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int at = shown.indexOf(ELLIPSIS); at >= 0; at = shown.indexOf(ELLIPSIS, from)) {
            regex.append(Pattern.quote(shown.substring(from, at))).append(".*");
            from = at + ELLIPSIS.length();
        }
        return Pattern.compile(regex.append(Pattern.quote(shown.substring(from))).toString());
    }

    /** The {@code apiKey} values the blocks send: none may come back in an answer. */
    static List<String> apiKeys(List<Block> blocks) {
        List<String> keys = new ArrayList<>();
        for (Block block : blocks) {
            Matcher m = API_KEY.matcher(block.text());
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }
}
