package io.ssmflow.simulator.sns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs notifications the way SNS does (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA over the
 * canonical "Name\nvalue\n" string), with a key pair made on first use. The public key is published
 * by the admin API so a receiver can verify what it got.
 *
 * <p>The key has {@link #KEY_BITS} bits, not SNS's 2,048: SNS signs on its own machines, the
 * simulator on the machine it simulates for, where a 2,048-bit signature (about 1.2 ms) for each of
 * 40,000 Run Command notifications took a third of a core from the system under test. The signature
 * scheme, and what a receiver must check, are SNS's.
 */
final class MessageSigner {
  static final int KEY_BITS = 1024;

  private volatile KeyPair keys;
  private final ThreadLocal<Signature> sha1 = signatures("SHA1withRSA");
  private final ThreadLocal<Signature> sha256 = signatures("SHA256withRSA");

  private KeyPair keys() {
    KeyPair k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(KEY_BITS);
            keys = g.generateKeyPair();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
          }
        }
        k = keys;
      }
    }
    return k;
  }

  String sign(String canonical, String signatureVersion) {
    ThreadLocal<Signature> local = "2".equals(signatureVersion) ? sha256 : sha1;
    Signature s = local.get();
    try {
      s.update(canonical.getBytes(StandardCharsets.UTF_8));
      // sign() leaves the object initialized for signing again with the same key.
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      local.remove();
      throw new IllegalStateException("cannot sign notification", e);
    }
  }

  /**
   * A Signature ready to sign with this signer's key, one per thread: looking the algorithm up and
   * initializing it cost a sixth of a signature, and notifications are signed at hundreds a second.
   */
  private ThreadLocal<Signature> signatures(String algorithm) {
    return ThreadLocal.withInitial(
        () -> {
          try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(keys().getPrivate());
            return s;
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign notifications with " + algorithm, e);
          }
        });
  }

  String publicKeyPem() {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys().getPublic().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }
}
