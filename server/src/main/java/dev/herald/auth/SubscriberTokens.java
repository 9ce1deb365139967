package dev.herald.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Signed subscriber tokens: JWT, HS256 only, claims {@code sub} (user id), {@code topics} (private
 * topic patterns it may read) and {@code exp}. Verification names the reason for every refusal.
 * One key signs; in cluster mode it can be replaced by the key the nodes agreed on ({@link #adopt}),
 * and the keys this server signed with before still verify, so no token it minted stops working.
 */
public final class SubscriberTokens {
    private static final int KEYS_KEPT = 4;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private volatile byte[] signing;
    private volatile List<byte[]> verifying;
    private final Clock clock;

    /** Why a token was refused; the message is safe to show the client. */
    public static final class InvalidToken extends Exception {
        public InvalidToken(String reason) {
            super(reason);
        }
    }

    public SubscriberTokens(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("herald.auth.jwt.secret must be at least 32 bytes");
        }
        this.signing = secret.clone();
        this.verifying = List.of(signing);
        this.clock = clock;
    }

    /** The key new tokens are signed with. */
    public byte[] signingKey() {
        return signing.clone();
    }

    /**
     * Signs with {@code key} from now on; tokens signed with the last few keys still verify.
     *
     * @return whether the key changed
     */
    public synchronized boolean adopt(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a subscriber token key must be at least 32 bytes");
        }
        if (Arrays.equals(key, signing)) {
            return false;
        }
        List<byte[]> keys = new ArrayList<>(verifying);
        keys.removeIf(k -> Arrays.equals(k, key));
        keys.addFirst(key.clone());
        verifying = List.copyOf(keys.subList(0, Math.min(keys.size(), KEYS_KEPT)));
        signing = verifying.getFirst();
        return true;
    }

    public record Minted(String token, Instant expires) {
    }

    public Minted mint(String user, List<String> topics, Duration lifetime) {
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("topics", topics)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(signing));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new Minted(jwt.serialize(), Instant.ofEpochSecond(exp.getEpochSecond()));
    }

    public Principal verify(String token) throws InvalidToken {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new InvalidToken("malformed token");
        }
        if (parsed instanceof PlainJWT) {
            throw new InvalidToken("unsigned tokens (alg none) are not accepted");
        }
        if (!(parsed instanceof SignedJWT jwt) || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidToken("only HS256-signed tokens are accepted");
        }
        try {
            if (!signedByOneOf(jwt, verifying)) {
                throw new InvalidToken("bad signature (token not issued by this server)");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null) {
                throw new InvalidToken("token has no expiry (exp)");
            }
            Instant now = clock.instant();
            if (!now.isBefore(exp.toInstant())) {
                throw new InvalidToken("token expired at " + exp.toInstant());
            }
            // Herald mints neither nbf nor aud; a token signed elsewhere with its key may carry them (RFC 7519 4.1.5,
            // 4.1.3: a reader not named in aud must refuse it, e.g. a backend's own session token sharing the key).
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) { // the signer's clock may run ahead
                throw new InvalidToken("token not valid before " + nbf.toInstant());
            }
            if (claims.getAudience() != null && !claims.getAudience().isEmpty()) {
                throw new InvalidToken("token is meant for another audience (aud " + claims.getAudience() + ")");
            }
            String sub = claims.getSubject();
            if (sub == null || sub.isBlank()) {
                throw new InvalidToken("token has no subject (sub)");
            }
            if (!Users.valid(sub)) {
                throw new InvalidToken("token's subject (sub) is not a user id: " + Users.RULE);
            }
            List<String> topics = claims.getStringListClaim("topics");
            return Principal.subscriber(sub, topics == null ? List.of() : topics, exp.toInstant());
        } catch (JOSEException | ParseException e) {
            throw new InvalidToken("token could not be verified: " + e.getMessage());
        }
    }

    private static boolean signedByOneOf(SignedJWT jwt, List<byte[]> keys) throws JOSEException {
        for (byte[] key : keys) {
            if (jwt.verify(new MACVerifier(key))) {
                return true;
            }
        }
        return false;
    }
}
