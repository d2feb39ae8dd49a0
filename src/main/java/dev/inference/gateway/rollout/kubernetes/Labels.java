package dev.inference.gateway.rollout.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The labels and annotations on every object the driver writes ({@code inference.coreweave.com/...}). Labels select
 * a gateway's objects (teardown lists by {@link #GATEWAY_ID}); the {@link #GENERATION} annotation says which
 * generation of the gateway's spec an object carries, so that an older apply never overwrites a newer one.
 */
public final class Labels {
    public static final String DOMAIN = "inference.coreweave.com";
    public static final String GATEWAY_ID = DOMAIN + "/gateway-id";
    public static final String ORGANIZATION_ID = DOMAIN + "/organization-id";
    public static final String ZONE = DOMAIN + "/zone";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "inference-gateway-control-plane";

    /** Annotation: the gateway generation an object carries. */
    public static final String GENERATION = DOMAIN + "/generation";
    /** Annotation: the organization id as given (the label holds it only if it is a valid label value). */
    public static final String ORGANIZATION_ANNOTATION = DOMAIN + "/organization";
    /** Gateway annotation: the gateway's name as its owner gave it (objects are named by the id), for operators. */
    public static final String GATEWAY_NAME = DOMAIN + "/gateway-name";
    /** Gateway infrastructure label (copied by Envoy Gateway to the proxy's Service and pods): managed or direct. */
    public static final String EDGE_PROXY_MODE = DOMAIN + "/edge-proxy-mode";
    /** Route annotations: how the route matches, for whatever adds model rules when deployments attach. */
    public static final String ROUTING = DOMAIN + "/routing";
    public static final String ROUTING_HEADER = DOMAIN + "/routing-header";
    public static final String API_TYPE = DOMAIN + "/api-type";
    /**
     * SecurityPolicy annotations read by the external authorization services: {@code coreweave} or {@code wandb}.
     * {@code none} (on the Gateway, and on the SecurityPolicy if source ranges need one) marks a gateway whose auth
     * option's service is configured as {@code none}: no external authorization.
     */
    public static final String AUTH = DOMAIN + "/auth";
    public static final String WANDB_CREDENTIALS_SECRET = DOMAIN + "/wandb-credentials-secret";
    public static final String WANDB_SERVER_URL = DOMAIN + "/wandb-server-url";
    public static final String WANDB_USAGE_REPORTS = DOMAIN + "/wandb-usage-reports";
    public static final String WANDB_RATE_LIMITING = DOMAIN + "/wandb-rate-limiting";

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private Labels() {
    }

    /**
     * A label value for any string: the string itself when Kubernetes accepts it as a label value, otherwise a
     * stable digest of it (so that an unusual organization id never makes the API server reject the objects).
     */
    public static String safeValue(String value) {
        if (value != null && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generation an object carries, or -1 when it carries none (not written by this driver). */
    public static long generationOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (object == null || object.getMetadata() == null || object.getMetadata().getAnnotations() == null) {
            return -1;
        }
        String value = object.getMetadata().getAnnotations().get(GENERATION);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
