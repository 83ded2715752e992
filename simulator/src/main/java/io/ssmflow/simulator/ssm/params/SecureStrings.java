package io.ssmflow.simulator.ssm.params;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The opaque value a SecureString shows without WithDecryption. Like a KMS ciphertext blob it is
 * base64 text that begins {@code AQICAH} (KMS's version header bytes), followed by a random 12-byte
 * nonce and the AES-256-GCM encryption of the plaintext, authenticated with the key id, under a key
 * generated when the simulator starts and never exported. So it reveals nothing of the plaintext
 * (not even through base64), differs for every version, and stays the same for one version across
 * reads, as a real blob does.
 */
final class SecureStrings {
  private static final byte[] HEADER = {0x01, 0x02, 0x02, 0x00, 0x78};
  private static final int NONCE_BYTES = 12;

  private final SecureRandom random = new SecureRandom();
  private final SecretKey key;

  SecureStrings() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      this.key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  String encrypt(String plaintext, String keyId) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer blob = ByteBuffer.allocate(HEADER.length + nonce.length + sealed.length);
      blob.put(HEADER).put(nonce).put(sealed);
      return Base64.getEncoder().encodeToString(blob.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a SecureString value", e);
    }
  }
}
