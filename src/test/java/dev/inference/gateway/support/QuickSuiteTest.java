package dev.inference.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The quick suite ({@code ./mvnw verify}) leaves the slow tests out by their tag, and the classes of the test profiles
 * whose tests are all slow also by name, in pom.xml (Quarkus prepares an application for every profile it discovers,
 * whatever the tags). The two must agree: a class left out by name but not tagged would drop out of the quick suite
 * without saying so, and a slow profile class missing from the names costs every quick run a boot.
 */
class QuickSuiteTest {
    private static final Path TESTS = Path.of("src/test/java");
    private static final Pattern EXCLUDE = Pattern.compile("<exclude>\\*\\*/(\\w+)\\.java</exclude>");

    @Test
    void theClassesLeftOutByNameAreExactlyTheSlowProfileClasses() throws Exception {
        Set<String> byName = new TreeSet<>();
        Matcher exclude = EXCLUDE.matcher(Files.readString(Path.of("pom.xml")));
        while (exclude.find()) {
            byName.add(exclude.group(1));
        }
        assertThat(byName).as("classes the quick profile of pom.xml leaves out by name").isNotEmpty();

        Set<String> slowProfileClasses = new TreeSet<>();
        for (Class<?> test : testClasses()) {
            if (test.isAnnotationPresent(TestProfile.class) && test.isAnnotationPresent(Slow.class)) {
                slowProfileClasses.add(test.getSimpleName());
            }
            if (byName.contains(test.getSimpleName())) {
                assertThat(test.isAnnotationPresent(Slow.class)).as(test.getName() + " is left out by name, so @Slow")
                        .isTrue();
            }
        }
        assertThat(byName).isEqualTo(slowProfileClasses);
    }

    private static List<Class<?>> testClasses() throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(QuickSuiteTest::load)
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(Path file) {
        String name = TESTS.relativize(file).toString().replace(".java", "").replace(file.getFileSystem()
                .getSeparator(), ".");
        try {
            return Class.forName(name, false, QuickSuiteTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no class for " + file, e);
        }
    }
}
