package dev.inference.gateway.rollout.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/zone-rbac.yml grants exactly what the driver uses: every managed kind, the five verbs, nothing more. */
class ZoneRbacManifestTest {
    static final Set<String> VERBS = Set.of("get", "list", "create", "update", "delete");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of("deploy/zone-rbac.yml"))) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleGrantsExactlyTheVerbsAndResourcesTheDriverUses() throws IOException {
        List<Map<String, Object>> documents = documents();
        Map<String, Set<String>> granted = new HashMap<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) kind(documents, "Role").get("rules")) {
            for (String group : (List<String>) rule.get("apiGroups")) {
                for (String resource : (List<String>) rule.get("resources")) {
                    granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                            .addAll((List<String>) rule.get("verbs"));
                }
            }
        }
        Map<String, Set<String>> used = new HashMap<>();
        for (ManagedKind kind : ManagedKind.values()) {
            used.put(kind.group() + "/" + kind.plural(), new TreeSet<>(VERBS));
        }
        assertThat(granted).isEqualTo(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBindingAndTheTokenBelongToTheServiceAccountInTheDriversNamespace() throws IOException {
        List<Map<String, Object>> documents = documents();
        String namespace = (String) ((Map<String, Object>) kind(documents, "Namespace").get("metadata")).get("name");
        assertThat(namespace).isEqualTo(TestZones.NAMESPACE);
        Map<String, Object> account = (Map<String, Object>) kind(documents, "ServiceAccount").get("metadata");
        Map<String, Object> binding = kind(documents, "RoleBinding");
        Map<String, Object> subject = ((List<Map<String, Object>>) binding.get("subjects")).get(0);
        assertThat(subject).containsEntry("kind", "ServiceAccount").containsEntry("name", account.get("name"))
                .containsEntry("namespace", namespace);
        assertThat((Map<String, Object>) binding.get("roleRef")).containsEntry("kind", "Role")
                .containsEntry("name", ((Map<String, Object>) kind(documents, "Role").get("metadata")).get("name"));
        Map<String, Object> token = kind(documents, "Secret");
        assertThat(token).containsEntry("type", "kubernetes.io/service-account-token");
        assertThat((Map<String, Object>) ((Map<String, Object>) token.get("metadata")).get("annotations"))
                .containsEntry("kubernetes.io/service-account.name", account.get("name"));
    }
}
