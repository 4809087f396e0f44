// Xác thực công dân từ Java, ký bằng AwsV4HttpSigner của AWS SDK v2: qua REST, qua tRPC, rồi đọc một lỗi có mã.
// Citizen lookup from Java, signed with the AWS SDK v2's AwsV4HttpSigner: over REST, over tRPC, then a coded refusal.
//   LT_URL=… LT_ACCESS_KEY_ID=… LT_SECRET_KEY=… ./run.sh [ho-so.json]
// Each answer is printed as one line: {"via":…,"status":…,"answer":<the platform's JSON answer>}.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

public class XacThucCongDan {
  static final String URL = System.getenv("LT_URL").replaceAll("/$", "");
  static final AwsCredentialsIdentity KEY = AwsCredentialsIdentity.create(System.getenv("LT_ACCESS_KEY_ID"), System.getenv("LT_SECRET_KEY"));
  static final String REGION = System.getenv().getOrDefault("LT_REGION", "vn");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One signed request: every header given is signed (Idempotency-Key too), and the body's SHA-256 with them. */
  static String call(String via, String method, String path, String body, Map<String, String> headers) throws Exception {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(URL + path))
        .putHeader("content-type", "application/json");
    headers.forEach(unsigned::putHeader);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(KEY)
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lienthong")
        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("host")) request.header(h.getKey(), String.join(",", h.getValue())); // Java sends Host itself
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    // 4xx: the answer carries the catalogue code and a vi/en message ({ error: { code, message: { vi, en }, where } }).
    return "{\"via\":\"" + via + "\",\"status\":" + answer.statusCode() + ",\"answer\":" + answer.body() + "}";
  }

  public static void main(String[] args) throws Exception {
    Path dossierFile = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("lt.examples", ".."), "ho-so-mau.json");
    String dossier = Files.readString(dossierFile, StandardCharsets.UTF_8).strip();
    String key = "vidu-java-" + UUID.randomUUID(); // one Idempotency-Key per dossier

    System.out.println(call("rest", "POST", "/api/v1/flows/xac-thuc-cong-dan/runs?wait=30s", dossier, Map.of("idempotency-key", key)));
    String input = "{\"flowKey\":\"xac-thuc-cong-dan\",\"wait\":\"30s\",\"idempotencyKey\":\"" + key + "-trpc\",\"input\":" + dossier + "}";
    System.out.println(call("trpc", "POST", "/trpc/runs.start", input, Map.of()));
    System.out.println(call("rest", "GET", "/api/v1/runs/khong-co-luot-chay-nay", "", Map.of()));
  }
}
