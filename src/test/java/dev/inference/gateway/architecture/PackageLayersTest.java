package dev.inference.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floors of the house, read from the sources: imports go downwards only, and no package reaches itself again
 * through the packages it imports (a loop makes two rooms one).
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "inference", "gateway");
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.inference\\.gateway\\.?([\\w.]*);",
            Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?dev\\.inference\\.gateway\\.([a-z][\\w]*(?:\\.[a-z][\\w]*)*)\\.[A-Z]", Pattern.MULTILINE);

    /** What each package must never import (a lower floor never reaches up). */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "domain", List.of("api", "service", "persistence", "rollout", "security", "config", "health", "audit"),
            "persistence", List.of("api", "service", "rollout", "health"),
            "service", List.of("api", "rollout.drivers", "rollout.kubernetes", "health"),
            "rollout", List.of("api", "service", "health"),
            "audit", List.of("api", "service", "rollout", "health"),
            "security", List.of("api", "service", "rollout", "health", "audit", "persistence"),
            "api.contract", List.of("api.http", "api.render", "persistence", "rollout"),
            "api.render", List.of("api.http", "persistence", "rollout"));

    static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                assertThat(pkg.find()).as(file.toString()).isTrue();
                Set<String> own = imports.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(source);
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg.group(1))) {
                        own.add(imported.group(1));
                    }
                }
            }
        }
        return imports;
    }

    @Test
    void importsGoDownwardsOnly() throws IOException {
        List<String> violations = new ArrayList<>();
        imports().forEach((pkg, imported) -> FORBIDDEN.forEach((lower, above) -> {
            if (pkg.equals(lower) || pkg.startsWith(lower + ".") && !FORBIDDEN.containsKey(pkg)) {
                for (String target : imported) {
                    if (above.stream().anyMatch(a -> target.equals(a) || target.startsWith(a + "."))) {
                        violations.add(pkg + " imports " + target);
                    }
                }
            }
        }));
        assertThat(violations).isEmpty();
    }

    @Test
    void noPackageReachesItselfThroughOthers() throws IOException {
        Map<String, Set<String>> imports = imports();
        List<String> loops = new ArrayList<>();
        for (String pkg : imports.keySet()) {
            if (reaches(imports, pkg, pkg, new TreeSet<>())) {
                loops.add(pkg);
            }
        }
        assertThat(loops).as("packages in an import loop").isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String target, Set<String> seen) {
        for (String next : imports.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(imports, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}
