package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.config.KubernetesDriverConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds one client, with its own threads, per zone from {@code rollout.kubernetes.zones."<ZONE>".*}, and refuses
 * to start when a zone has no cluster (or an unusable one) configured, naming the zone and the setting.
 */
public final class ZoneClusterFactory {
    static final int QUEUE_PER_ZONE = 1024;

    private final KubernetesDriverConfig config;
    private final HttpClient.Factory httpClients;
    private final Map<String, String> environment;

    /**
     * @param httpClients the HTTP client of every zone's client (in the service: fabric8's Vert.x client on the
     *                    application's Vert.x instance)
     * @param environment where {@code KUBECONFIG} is read from
     */
    public ZoneClusterFactory(KubernetesDriverConfig config, HttpClient.Factory httpClients,
            Map<String, String> environment) {
        this.config = config;
        this.httpClients = httpClients;
        this.environment = environment;
    }

    /** One cluster per zone, keyed by the zone's canonical name; fails naming every zone that cannot be reached. */
    public Map<String, ZoneCluster> create(List<String> zones) {
        Map<String, Config> configs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String zone : zones) {
            try {
                configs.put(zone, clientConfig(zone));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (String key : config.zones().keySet()) {
            if (zones.stream().noneMatch(z -> normalize(z).equals(normalize(key)))) {
                problems.add("rollout.kubernetes.zones.\"" + key + "\" names no zone of gateway.zones " + zones);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("rollout.driver=kubernetes: " + String.join("; ", problems)
                    + " (see docs/kubernetes-zones.md)");
        }
        Map<String, ZoneCluster> clusters = new LinkedHashMap<>();
        configs.forEach((zone, clientConfig) -> clusters.put(zone, new ZoneCluster(zone, clientConfig.getMasterUrl(),
                clientConfig.getNamespace(), client(clientConfig), executor(zone))));
        return clusters;
    }

    /** The zone's settings; the key may be spelled in any case, with {@code -} or {@code _} (environment variables). */
    Optional<KubernetesDriverConfig.Zone> zoneSettings(String zone) {
        List<Map.Entry<String, KubernetesDriverConfig.Zone>> matches = config.zones().entrySet().stream()
                .filter(e -> normalize(e.getKey()).equals(normalize(zone))).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException("zone \"" + zone + "\" is configured more than once: "
                    + matches.stream().map(Map.Entry::getKey).toList());
        }
        return matches.stream().findFirst().map(Map.Entry::getValue);
    }

    Config clientConfig(String zone) {
        String key = "rollout.kubernetes.zones.\"" + zone + "\"";
        KubernetesDriverConfig.Zone settings = zoneSettings(zone).orElseThrow(() -> new IllegalArgumentException(
                "zone \"" + zone + "\" has no cluster configured: set " + key + ".api-server with " + key
                        + ".token or " + key + ".token-file, or " + key + ".context"));
        String namespace = settings.namespace().orElse(config.namespace());
        ConfigBuilder builder;
        if (settings.context().isPresent()) {
            if (settings.apiServer().isPresent() || settings.token().isPresent() || settings.tokenFile().isPresent()) {
                throw new IllegalArgumentException("zone \"" + zone + "\": set either " + key + ".context or "
                        + key + ".api-server with a token, not both");
            }
            builder = new ConfigBuilder(fromKubeconfig(zone, settings.context().get()));
        } else {
            String apiServer = settings.apiServer().filter(s -> !s.isBlank()).orElseThrow(
                    () -> new IllegalArgumentException("zone \"" + zone + "\" has no " + key + ".api-server (or "
                            + key + ".context)"));
            if (settings.token().isPresent() == settings.tokenFile().isPresent()) {
                throw new IllegalArgumentException("zone \"" + zone + "\": set exactly one of " + key + ".token and "
                        + key + ".token-file");
            }
            builder = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer);
            if (settings.token().isPresent()) {
                builder.withOauthToken(settings.token().get().strip());
            } else {
                Path file = Path.of(settings.tokenFile().get());
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException("zone \"" + zone + "\": " + key + ".token-file " + file
                            + " cannot be read");
                }
                builder.withOauthTokenProvider(new TokenFile(file));
            }
            if (settings.caFile().isPresent()) {
                Path ca = Path.of(settings.caFile().get());
                if (!Files.isReadable(ca)) {
                    throw new IllegalArgumentException("zone \"" + zone + "\": " + key + ".ca-file " + ca
                            + " cannot be read");
                }
                builder.withCaCertFile(ca.toString());
            }
        }
        return builder.withNamespace(namespace)
                .withConnectionTimeout((int) config.connectTimeout().toMillis())
                .withRequestTimeout((int) config.requestTimeout().toMillis())
                // The rollout retries with its own back-off; the client retrying too would hide a dead zone.
                .withRequestRetryBackoffLimit(0)
                .withUserAgent("inference-gateway-control-plane")
                .build();
    }

    /** The context of the kubeconfig named by KUBECONFIG (the first of its files that has it). */
    private Config fromKubeconfig(String zone, String context) {
        String kubeconfig = environment.get("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalArgumentException("zone \"" + zone + "\" uses kubeconfig context \"" + context
                    + "\" but KUBECONFIG is not set");
        }
        for (String path : kubeconfig.split(File.pathSeparator)) {
            File file = new File(path);
            if (!file.isFile()) {
                continue;
            }
            Config candidate = Config.fromKubeconfig(context, file);
            if (candidate.getCurrentContext() != null && context.equals(candidate.getCurrentContext().getName())
                    && candidate.getMasterUrl() != null) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("zone \"" + zone + "\": no file of KUBECONFIG has a context \"" + context
                + "\" with a cluster");
    }

    private KubernetesClient client(Config clientConfig) {
        return new KubernetesClientBuilder().withConfig(clientConfig).withHttpClientFactory(httpClients)
                // fabric8 logs whole requests and answers (Secret data included) when its logger is at TRACE:
                // never install that interceptor.
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("HttpLogging", null))
                .build();
    }

    private ExecutorService executor(String zone) {
        AtomicInteger count = new AtomicInteger();
        String prefix = "k8s-zone-" + zone.toLowerCase(Locale.ROOT) + "-";
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        int size = Math.max(1, config.threadsPerZone());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_PER_ZONE), threads);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    static String normalize(String zone) {
        return zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
