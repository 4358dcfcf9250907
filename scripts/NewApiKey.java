import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes a gateway API key, {@code tsk_<id>_<secret>}, and prints it with the configuration lines
 * that let it in (its id and the SHA-256 of the whole key; the key itself is stored nowhere).
 *
 * <pre>java scripts/NewApiKey.java &lt;name&gt; &lt;CLIENT|OPS&gt;</pre>
 *
 * The id is 8 lower-case letters and digits; the secret 43 base62 characters (256 bits) drawn
 * from {@link SecureRandom}. Needs only a JDK (single-file source launch).
 */
public class NewApiKey {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("CLIENT") || args[1].equals("OPS"))) {
            System.err.println("usage: java scripts/NewApiKey.java <name> <CLIENT|OPS>");
            System.exit(2);
        }
        String name = args[0];
        String role = args[1];
        String id = random(ID_ALPHABET, 8);
        String key = "tsk_" + id + "_" + random(BASE62, 43);
        String hash = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));

        System.out.println("""
                Key, for its holder only (shown once, stored nowhere):

                    %1$s

                api-gateway.yml, a new entry under provisioning.security.api-keys:

                      - name: %2$s
                        role: %3$s
                        id: %4$s
                        hash: "%5$s"

                or the environment, n being the entry's index:

                    PROVISIONING_SECURITY_API_KEYS_n_NAME=%2$s
                    PROVISIONING_SECURITY_API_KEYS_n_ROLE=%3$s
                    PROVISIONING_SECURITY_API_KEYS_n_ID=%4$s
                    PROVISIONING_SECURITY_API_KEYS_n_HASH=%5$s""".formatted(key, name, role, id, hash));
    }

    // nextInt(bound) draws without bias, so each character carries its full log2(alphabet) bits
    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
