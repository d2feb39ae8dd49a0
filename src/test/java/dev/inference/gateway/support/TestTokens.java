package dev.inference.gateway.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JWTs signed in the test, with keys made by the test and published in the JWKS of {@link IdentityProviderResource}
 * (files in a temporary directory: the resource and the tests may live in different class loaders).
 */
public final class TestTokens {
    public static final String FIRST_KEY = "test-key-1";
    public static final String ADMIN = "inference-admin";
    public static final String VIEWER = "inference-viewer";

    private TestTokens() {
    }

    /** A token of the first key for {@code subject} of {@code organization} with {@code groups}, valid 10 minutes. */
    public static String token(String organization, String subject, String... groups) {
        return token(FIRST_KEY, claims -> claims, organization, subject, groups);
    }

    /** A token signed with key {@code kid}, its claims changed by {@code change} before signing. */
    public static String token(String kid, UnaryOperator<JwtClaimsBuilder> change, String organization,
            String subject, String... groups) {
        JwtClaimsBuilder claims = Jwt.issuer(IdentityProviderResource.ISSUER)
                .audience(IdentityProviderResource.AUDIENCE)
                .subject(subject)
                .claim("org_id", organization)
                .groups(new HashSet<>(Arrays.asList(groups)))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600));
        return change.apply(claims).jws().keyId(kid).sign(privateKey(kid));
    }

    /** Makes key {@code kid} and adds it to the published JWKS (if {@code published}); answers nothing. */
    public static void makeKey(String kid, boolean published) {
        Path directory = directory();
        KeyPair pair = generate();
        write(directory.resolve(kid + ".key"), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        write(directory.resolve(kid + ".jwk"), jwk(kid, (RSAPublicKey) pair.getPublic()));
        if (published) {
            republish(directory, Stream.concat(publishedKids(directory).stream(), Stream.of(kid)).toList());
        }
    }

    /** Called by the resource at start: makes the first key and publishes it alone. */
    static void publish(Path directory, String kid) {
        KeyPair pair = generate();
        write(directory.resolve(kid + ".key"), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        write(directory.resolve(kid + ".jwk"), jwk(kid, (RSAPublicKey) pair.getPublic()));
        republish(directory, List.of(kid));
    }

    private static void republish(Path directory, List<String> kids) {
        List<String> keys = new ArrayList<>();
        for (String kid : kids) {
            keys.add(read(directory.resolve(kid + ".jwk")));
        }
        write(directory.resolve("kids"), String.join("\n", kids));
        write(directory.resolve("jwks.json"), "{\"keys\":[" + String.join(",", keys) + "]}");
    }

    private static List<String> publishedKids(Path directory) {
        return Arrays.stream(read(directory.resolve("kids")).split("\n")).filter(s -> !s.isBlank())
                .collect(Collectors.toList());
    }

    private static PrivateKey privateKey(String kid) {
        try {
            byte[] encoded = Base64.getDecoder().decode(read(directory().resolve(kid + ".key")));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwk(String kid, RSAPublicKey key) {
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path directory() {
        String directory = System.getProperty(IdentityProviderResource.DIRECTORY);
        if (directory == null) {
            throw new IllegalStateException("the test identity provider is not running");
        }
        return Path.of(directory);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
