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
 */
final class MessageSigner {
  private volatile KeyPair keys;

  private KeyPair keys() {
    KeyPair k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
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
    try {
      Signature s =
          Signature.getInstance("2".equals(signatureVersion) ? "SHA256withRSA" : "SHA1withRSA");
      s.initSign(keys().getPrivate());
      s.update(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign notification", e);
    }
  }

  String publicKeyPem() {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys().getPublic().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }
}
