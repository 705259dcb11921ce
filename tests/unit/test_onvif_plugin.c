/* The signed ONVIF plugin (build/plugins/onvif.so), loaded with dlopen and
 * driven through its descriptor against a test host table whose
 * ds_host.http is a fake camera in this file, written from the ONVIF Core
 * Specification and the WS-Security UsernameToken Profile (not from the
 * plugin): WS-UsernameToken only (HTTP 400 with a ter:NotAuthorized fault
 * otherwise), its clock three hours ahead (a Created time off by more than
 * 5 s is refused), nonces never accepted twice, a SetUser that takes effect
 * two seconds later, a leftover guest account on a default password, a
 * 16-character password limit answered with a fault, and a camera that goes
 * silent right after SetUser. The digest is checked with OpenSSL directly.
 * The host's real HTTP and network services are tested on their own. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <doorstep/plugin.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define CAMERA_OFFSET_S (3 * 3600)
#define APPLY_DELAY_MS 2000

/** One account of the fake camera. */
typedef struct cam_user {
	char name[64];
	char password[64];
	const char *level;
	bool present;
} cam_user;

/** The fake camera's state. */
static struct {
	cam_user users[4];
	int64_t offset; /**< its clock minus the real one */
	char pending_user[64];
	char pending_password[64];
	uint64_t apply_at_ms; /**< when the pending SetUser takes effect (0: none) */
	char nonces[512][64];
	size_t n_nonces;
	bool silent_after_set; /**< stop answering once SetUser arrived */
	bool silent;
	unsigned set_users;       /**< SetUser calls taken */
	unsigned replays;         /**< requests refused for a nonce seen before */
	bool hostile;             /**< answers garbage to everything */
	bool http_only;           /**< takes HTTP Digest only (the host's service checks it; here: the password) */
	unsigned auth_requests;   /**< requests that carried credentials */
	unsigned rtsp_authorized; /**< DESCRIBEs whose Digest was right */
} cam;

static char last_error[1024];

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void cam_reset(void)
{
	memset(&cam, 0, sizeof cam);
	cam.users[0] = (cam_user){ "admin", "12345", "Administrator", true };
	cam.users[1] = (cam_user){ "guest", "guest", "User", true };
	cam.offset = CAMERA_OFFSET_S;
}

/** Applies a SetUser whose time has come. */
static void cam_tick(void)
{
	if (cam.apply_at_ms && now_ms() >= cam.apply_at_ms) {
		for (size_t i = 0; i < 4; i++)
			if (cam.users[i].present && strcmp(cam.users[i].name, cam.pending_user) == 0)
				snprintf(cam.users[i].password, sizeof cam.users[i].password, "%s", cam.pending_password);
		cam.apply_at_ms = 0;
	}
}

/** The text of the first element whose tag ends with name (e.g. ":Username>"), unescaped. */
static bool element_text(const char *xml, const char *name, char *out, size_t size)
{
	const char *p = strstr(xml, name), *e;
	size_t k = 0;

	if (!p)
		return false;
	p += strlen(name);
	e = strstr(p, "</");
	if (!e)
		return false;
	while (p < e && k + 1 < size) {
		static const struct {
			const char *ent;
			char c;
		} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
		bool done = false;

		for (size_t i = 0; i < 5 && !done; i++) {
			if (strncmp(p, ents[i].ent, strlen(ents[i].ent)) == 0) {
				out[k++] = ents[i].c;
				p += strlen(ents[i].ent);
				done = true;
			}
		}
		if (!done)
			out[k++] = *p++;
	}
	out[k] = '\0';
	return true;
}

/** Base64(SHA-1(nonce + created + password)) with OpenSSL, the profile's formula. */
static void expected_digest(const char *nonce_b64, const char *created, const char *password, char *out)
{
	unsigned char nonce[64], md[20];
	int n = EVP_DecodeBlock(nonce, (const unsigned char *)nonce_b64, (int)strlen(nonce_b64));
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;

	if (n < 0)
		n = 0;
	/* EVP_DecodeBlock counts padding bytes as data */
	if (strlen(nonce_b64) >= 2 && nonce_b64[strlen(nonce_b64) - 1] == '=')
		n -= nonce_b64[strlen(nonce_b64) - 2] == '=' ? 2 : 1;
	EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	EVP_DigestUpdate(ctx, nonce, (size_t)n);
	EVP_DigestUpdate(ctx, created, strlen(created));
	EVP_DigestUpdate(ctx, password, strlen(password));
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	EVP_EncodeBlock((unsigned char *)out, md, (int)len);
}

/** The account the request's UsernameToken proves, or NULL. */
static cam_user *cam_authenticate(const char *xml)
{
	char user[64], digest[64], nonce[64], created[64], want[64];
	struct tm tm = { 0 };
	int64_t t;

	if (!element_text(xml, ":Username>", user, sizeof user) ||
	    !element_text(xml, "#PasswordDigest\">", digest, sizeof digest) ||
	    !element_text(xml, "#Base64Binary\">", nonce, sizeof nonce) ||
	    !element_text(xml, ":Created>", created, sizeof created))
		return NULL;
	if (!strptime(created, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	t = (int64_t)timegm(&tm);
	if (llabs((long long)(t - ((int64_t)time(NULL) + cam.offset))) > 5)
		return NULL; /* a client that ignores the camera's clock */
	for (size_t i = 0; i < cam.n_nonces; i++) {
		if (strcmp(cam.nonces[i], nonce) == 0) {
			cam.replays++;
			return NULL;
		}
	}
	if (cam.n_nonces < 512)
		snprintf(cam.nonces[cam.n_nonces++], sizeof cam.nonces[0], "%s", nonce);
	for (size_t i = 0; i < 4; i++) {
		if (!cam.users[i].present || strcmp(cam.users[i].name, user) != 0)
			continue;
		expected_digest(nonce, created, cam.users[i].password, want);
		return strcmp(want, digest) == 0 ? &cam.users[i] : NULL;
	}
	return NULL;
}

#define ENV_HEAD                                                                                                    \
	"<?xml version=\"1.0\"?><e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" "                   \
	"xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\" " \
	"xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:ter=\"http://www.onvif.org/ver10/error\"><e:Body>"
#define ENV_TAIL "</e:Body></e:Envelope>"

/** Writes an answer into the request's buffer. */
static ds_status answer(const ds_http_request *req, ds_http_response *resp, long status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static ds_status answer(const ds_http_request *req, ds_http_response *resp, long status, const char *fmt, ...)
{
	char body[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	cr_assert(n > 0 && (size_t)n < sizeof body);
	if ((size_t)n > req->response_size)
		return DS_ERR_DEVICE;
	memcpy(req->response_body, body, (size_t)n);
	resp->body_len = (size_t)n;
	resp->status = status;
	return DS_OK;
}

static ds_status fault(const ds_http_request *req, ds_http_response *resp, const char *sub, const char *reason)
{
	return answer(req, resp, 400,
		      ENV_HEAD
		      "<e:Fault><e:Code><e:Value>e:Sender</e:Value><e:Subcode><e:Value>ter:%s</e:Value>"
		      "</e:Subcode></e:Code><e:Reason><e:Text xml:lang=\"en\">%s</e:Text></e:Reason></e:Fault>" ENV_TAIL,
		      sub, reason);
}

/** The fake camera's HTTP endpoint: http://camera.test/onvif/device_service. */
static ds_status fake_request(ds_call *call, const ds_http_request *req, ds_http_response *resp)
{
	char xml[8192];
	cam_user *who;

	(void)call;
	cam_tick();
	if (cam.silent || strncmp(req->url, "http://unreachable.test", 23) == 0)
		return DS_ERR_IO;
	if (cam.hostile)
		return answer(req, resp, 200, "<html><body>Welcome<</body>");
	cr_assert(req->body_len < sizeof xml);
	memcpy(xml, req->body, req->body_len);
	xml[req->body_len] = '\0';
	if (!cam.http_only)
		cr_expect(req->auth == DS_HTTP_AUTH_NONE, "this camera takes WS-UsernameToken only");
	if (strstr(xml, "<tds:GetSystemDateAndTime/>")) {
		time_t t = time(NULL) + cam.offset;
		struct tm tm;

		gmtime_r(&t, &tm);
		return answer(req, resp, 200,
			      ENV_HEAD "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual"
				       "</tt:DateTimeType><tt:UTCDateTime><tt:Time><tt:Hour>%d</tt:Hour><tt:Minute>%d"
				       "</tt:Minute><tt:Second>%d</tt:Second></tt:Time><tt:Date><tt:Year>%d</tt:Year>"
				       "<tt:Month>%d</tt:Month><tt:Day>%d</tt:Day></tt:Date></tt:UTCDateTime>"
				       "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>" ENV_TAIL,
			      tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	if (strstr(xml, "<tds:GetServices>"))
		return answer(req, resp, 200,
			      ENV_HEAD
			      "<tds:GetServicesResponse><tds:Service><tds:Namespace>"
			      "http://www.onvif.org/ver10/media/wsdl</tds:Namespace><tds:XAddr>"
			      "http://camera.test/onvif/media</tds:XAddr></tds:Service></tds:GetServicesResponse>" ENV_TAIL);
	if (cam.http_only) {
		who = NULL;
		cr_expect(strstr(xml, "UsernameToken") == NULL || req->auth == DS_HTTP_AUTH_NONE);
		if (req->auth == DS_HTTP_AUTH_NONE) {
			if (strstr(xml, "UsernameToken"))
				cam.auth_requests++;
			return answer(req, resp, 401, "Unauthorized");
		}
		cr_expect_eq(req->auth, DS_HTTP_AUTH_DIGEST);
		cam.auth_requests++;
		for (size_t i = 0; i < 4; i++)
			if (cam.users[i].present && strcmp(cam.users[i].name, req->user) == 0 &&
			    strcmp(cam.users[i].password, req->password) == 0)
				who = &cam.users[i];
		if (!who) {
			resp->auth_failed = true;
			return answer(req, resp, 401, "Unauthorized");
		}
	} else if (!cam.users[0].present && !cam.users[1].present) {
		/* ONVIF Core: a device without any user account asks for no credentials */
		static cam_user nobody = { "", "", "Administrator", true };

		who = &nobody;
	} else {
		cam.auth_requests++;
		who = cam_authenticate(xml);
	}
	if (!who)
		return fault(req, resp, "NotAuthorized", "Sender not Authorized");
	if (strstr(xml, "<tds:GetDeviceInformation/>"))
		return answer(req, resp, 200,
			      ENV_HEAD "<tds:GetDeviceInformationResponse><tds:Manufacturer>ACME Cams</tds:Manufacturer>"
				       "<tds:Model>Dome 4</tds:Model><tds:FirmwareVersion>1.2.3</tds:FirmwareVersion>"
				       "<tds:SerialNumber>ACME0001</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId>"
				       "</tds:GetDeviceInformationResponse>" ENV_TAIL);
	if (strcmp(who->level, "Administrator") != 0)
		return fault(req, resp, "NotAuthorized", "Administrators only");
	if (strstr(xml, "<tds:GetNetworkInterfaces/>"))
		return answer(req, resp, 200,
			      ENV_HEAD "<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token=\"eth0\"><tt:Info>"
				       "<tt:HwAddress>00:0a:0b:0c:0d:0e</tt:HwAddress></tt:Info></tds:NetworkInterfaces>"
				       "</tds:GetNetworkInterfacesResponse>" ENV_TAIL);
	if (strstr(xml, "<tds:GetUsers/>")) {
		char list[1024] = "";
		size_t k = 0;

		for (size_t i = 0; i < 4; i++)
			if (cam.users[i].present)
				k += (size_t)snprintf(list + k, sizeof list - k,
						      "<tds:User><tt:Username>%s</tt:Username><tt:UserLevel>%s"
						      "</tt:UserLevel></tds:User>",
						      cam.users[i].name, cam.users[i].level);
		return answer(req, resp, 200, ENV_HEAD "<tds:GetUsersResponse>%s</tds:GetUsersResponse>" ENV_TAIL, list);
	}
	if (strstr(xml, "<tds:SetUser>")) {
		char user[64], pw[128];

		element_text(strstr(xml, "<tds:SetUser>"), ":Username>", user, sizeof user);
		element_text(strstr(xml, "<tds:SetUser>"), ":Password>", pw, sizeof pw);
		if (strlen(pw) > 16)
			return fault(req, resp, "PasswordTooLong", "The password is too long");
		snprintf(cam.pending_user, sizeof cam.pending_user, "%s", user);
		memcpy(cam.pending_password, pw, strlen(pw) + 1); /* at most 16: checked above */
		cam.apply_at_ms = now_ms() + APPLY_DELAY_MS;
		cam.set_users++;
		if (cam.silent_after_set)
			cam.silent = true;
		return answer(req, resp, 200, ENV_HEAD "<tds:SetUserResponse/>" ENV_TAIL);
	}
	if (strstr(xml, "<tds:DeleteUsers>")) {
		char user[64];

		element_text(strstr(xml, "<tds:DeleteUsers>"), ":Username>", user, sizeof user);
		for (size_t i = 0; i < 4; i++)
			if (strcmp(cam.users[i].name, user) == 0)
				cam.users[i].present = false;
		return answer(req, resp, 200, ENV_HEAD "<tds:DeleteUsersResponse/>" ENV_TAIL);
	}
	if (strstr(xml, "<tds:SetSystemDateAndTime>")) {
		cr_expect(strstr(xml, ">Manual<") != NULL);
		cam.offset = 0;
		return answer(req, resp, 200, ENV_HEAD "<tds:SetSystemDateAndTimeResponse/>" ENV_TAIL);
	}
	if (strstr(xml, "<trt:GetProfiles/>")) {
		cr_expect_str_eq(req->url, "http://camera.test/onvif/media");
		return answer(req, resp, 200,
			      ENV_HEAD "<trt:GetProfilesResponse><trt:Profiles token=\"main\" fixed=\"true\"><tt:Name>main"
				       "</tt:Name></trt:Profiles></trt:GetProfilesResponse>" ENV_TAIL);
	}
	if (strstr(xml, "<trt:GetStreamUri>")) {
		cr_expect(strstr(xml, "<trt:ProfileToken>main</trt:ProfileToken>") != NULL);
		return answer(req, resp, 200,
			      ENV_HEAD "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>rtsp://camera.test:8554/live/main"
				       "</tt:Uri></trt:MediaUri></trt:GetStreamUriResponse>" ENV_TAIL);
	}
	return fault(req, resp, "ActionNotSupported", "not in this camera");
}

/* ---- the fake camera's RTSP port (RFC 2326) with Digest (RFC 7616, MD5, qop=auth) ---- */

struct ds_net_conn {
	char out[4096]; /**< the answer waiting to be read */
	size_t out_len;
};

#define RTSP_REALM "fake camera"
#define RTSP_NONCE "f00dcafe0123"

/** Lower-case hex MD5 of s. */
static void md5_hex(const char *s, char out[33])
{
	unsigned char md[16];
	unsigned int len = 0;

	EVP_Digest(s, strlen(s), md, &len, EVP_md5(), NULL);
	for (unsigned i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/** The value of param="..." (or param=token) in an Authorization header. */
static bool auth_param(const char *auth, const char *name, char *out, size_t size)
{
	char key[32];
	const char *p;
	size_t k = 0;

	snprintf(key, sizeof key, " %s=", name);
	p = strstr(auth, key);
	if (!p)
		return false;
	p += strlen(key);
	if (*p == '"')
		for (p++; *p && *p != '"' && k + 1 < size; p++)
			out[k++] = *p;
	else
		for (; *p && *p != ',' && *p != '\r' && k + 1 < size; p++)
			out[k++] = *p;
	out[k] = '\0';
	return true;
}

/** True when the request's Digest answers our challenge with the admin's password. */
static bool rtsp_digest_ok(const char *req)
{
	const char *auth = strstr(req, "\r\nAuthorization: Digest");
	char user[64], uri[256], response[80], nc[16], cnonce[80], qop[16], a1[256], a2[300], all[512];
	char ha1[33], ha2[33], want[33];

	if (!auth || !auth_param(auth, "username", user, sizeof user) || !auth_param(auth, "uri", uri, sizeof uri) ||
	    !auth_param(auth, "response", response, sizeof response) || !auth_param(auth, "nc", nc, sizeof nc) ||
	    !auth_param(auth, "cnonce", cnonce, sizeof cnonce) || !auth_param(auth, "qop", qop, sizeof qop))
		return false;
	if (strcmp(user, cam.users[0].name) != 0)
		return false;
	snprintf(a1, sizeof a1, "%s:%s:%s", user, RTSP_REALM, cam.users[0].password);
	snprintf(a2, sizeof a2, "DESCRIBE:%s", uri);
	md5_hex(a1, ha1);
	md5_hex(a2, ha2);
	snprintf(all, sizeof all, "%s:%s:%s:%s:%s:%s", ha1, RTSP_NONCE, nc, cnonce, qop, ha2);
	md5_hex(all, want);
	return strcmp(want, response) == 0;
}

static ds_status fake_tcp_connect(ds_call *call, const char *h, uint16_t port, unsigned timeout_ms, ds_net_conn **out)
{
	(void)call;
	(void)timeout_ms;
	if (strcmp(h, "camera.test") != 0 || port != 8554)
		return DS_ERR_IO;
	*out = calloc(1, sizeof **out);
	return *out ? DS_OK : DS_ERR_NO_MEMORY;
}

static ds_status fake_tcp_send(ds_call *call, ds_net_conn *c, const uint8_t *data, size_t len, unsigned timeout_ms)
{
	char req[4096];
	long cseq = -1;
	const char *p;

	(void)call;
	(void)timeout_ms;
	cr_assert(len < sizeof req);
	memcpy(req, data, len);
	req[len] = '\0';
	cr_assert(strstr(req, "\r\n\r\n") != NULL, "one whole request per send");
	p = strstr(req, "CSeq: ");
	if (p)
		cseq = strtol(p + 6, NULL, 10);
	if (strncmp(req, "OPTIONS ", 8) == 0)
		c->out_len = (size_t)
			snprintf(c->out, sizeof c->out,
				 "RTSP/1.0 200 OK\r\nCSeq: %ld\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY\r\n\r\n", cseq);
	else if (strncmp(req, "DESCRIBE rtsp://camera.test:8554/live/main ", 43) == 0 && rtsp_digest_ok(req)) {
		cam.rtsp_authorized++;
		c->out_len = (size_t)snprintf(c->out, sizeof c->out,
					      "RTSP/1.0 200 OK\r\nCSeq: %ld\r\nContent-Type: application/sdp\r\n"
					      "Content-Length: 15\r\n\r\nv=0\r\ns=camera\r\n",
					      cseq);
	} else
		c->out_len = (size_t)snprintf(c->out, sizeof c->out,
					      "RTSP/1.0 401 Unauthorized\r\nCSeq: %ld\r\nWWW-Authenticate: Digest "
					      "realm=\"" RTSP_REALM "\", nonce=\"" RTSP_NONCE "\", qop=\"auth\"\r\n\r\n",
					      cseq);
	return DS_OK;
}

static ds_status fake_tcp_recv(ds_call *call, ds_net_conn *c, uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms)
{
	size_t n = c->out_len < 7 ? c->out_len : 7; /* in small pieces, as TCP may deliver them */

	(void)call;
	(void)timeout_ms;
	if (n == 0)
		return DS_ERR_TIMEOUT;
	if (n > size)
		n = size;
	memcpy(buf, c->out, n);
	memmove(c->out, c->out + n, c->out_len - n);
	c->out_len -= n;
	*len = n;
	return DS_OK;
}

static void fake_tcp_close(ds_net_conn *c)
{
	free(c);
}

/* ---- WS-Discovery (2005/04): the camera answers a Probe with ProbeMatches ---- */

/** ProbeMatches for the probe's MessageID (relates), from endpoint address with xaddrs. */
static int probe_match(char *out, size_t size, const char *relates, const char *address, const char *xaddrs)
{
	return snprintf(out, size,
			"<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
			"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
			"xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\"><s:Header><a:RelatesTo>%s</a:RelatesTo>"
			"</s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>%s</a:Address>"
			"</a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:XAddrs>%s</d:XAddrs>"
			"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>",
			relates, address, xaddrs);
}

static const char *probe_unicast_seen;

static ds_status fake_probe(ds_call *call, const char *group, uint16_t port, const char *const *unicast,
			    const uint8_t *msg, size_t len, unsigned window_ms, ds_net_answer_fn on_answer, void *ctx)
{
	char probe[4096], id[128], reply[2048];
	const char *p, *e;
	int n;

	(void)call;
	(void)window_ms;
	cr_expect_str_eq(group, "239.255.255.250");
	cr_expect_eq(port, 3702);
	probe_unicast_seen = unicast && unicast[0] ? "yes" : "no";
	if (unicast && unicast[0])
		cr_expect_str_eq(unicast[0], "10.9.8.7:3702");
	cr_assert(len < sizeof probe);
	memcpy(probe, msg, len);
	probe[len] = '\0';
	cr_assert(strstr(probe, "dn:NetworkVideoTransmitter</") != NULL);
	p = strstr(probe, "MessageID>");
	cr_assert_not_null(p);
	p += 10;
	e = strchr(p, '<');
	snprintf(id, sizeof id, "%.*s", (int)(e - p), p);
	/* an answer to somebody else's probe, then two cameras, the first one twice */
	n = probe_match(reply, sizeof reply, "urn:uuid:00000000-0000-4000-8000-000000000000", "urn:uuid:stranger",
			"http://192.0.2.99/onvif/device_service");
	on_answer(ctx, "192.0.2.99", (const uint8_t *)reply, (size_t)n);
	n = probe_match(reply, sizeof reply, id, "urn:uuid:cam-1",
			"http://unreachable.test/onvif/device_service http://camera.test/onvif/device_service");
	on_answer(ctx, "192.0.2.10", (const uint8_t *)reply, (size_t)n);
	on_answer(ctx, "192.0.2.10", (const uint8_t *)reply, (size_t)n);
	on_answer(ctx, "192.0.2.66", (const uint8_t *)"<garbage", 8);
	n = probe_match(reply, sizeof reply, id, "urn:uuid:cam-2", "http://192.0.2.11/onvif/device_service");
	on_answer(ctx, "192.0.2.11", (const uint8_t *)reply, (size_t)n);
	return DS_OK;
}

/* ---- the test host table ---- */

static void h_log(ds_log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}
static void h_progress(ds_call *call, unsigned permille, const char *message)
{
	(void)call;
	(void)permille;
	(void)message;
}
static bool h_cancelled(ds_call *call)
{
	(void)call;
	return false;
}
static ds_status h_sleep(ds_call *call, unsigned ms)
{
	(void)call;
	usleep(ms * 1000u);
	return DS_OK;
}
static ds_status h_fail(ds_call *call, ds_status status, const char *fmt, ...)
{
	va_list ap;

	(void)call;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return status;
}
static const char *h_translate(const char *domain, const char *msgid)
{
	cr_expect_str_eq(domain, "doorstep-onvif");
	return msgid;
}
static void h_random(void *buf, size_t len)
{
	cr_assert_eq(getrandom(buf, len, 0), (ssize_t)len);
}
static void *h_secret_alloc(size_t len)
{
	return calloc(1, len);
}
static void h_secret_free(void *p)
{
	free(p);
}

static const ds_host_http fake_http = { .struct_size = sizeof fake_http, .request = fake_request };
static const ds_host_net fake_net = { .struct_size = sizeof fake_net,
				      .probe = fake_probe,
				      .tcp_connect = fake_tcp_connect,
				      .tcp_send = fake_tcp_send,
				      .tcp_recv = fake_tcp_recv,
				      .tcp_close = fake_tcp_close };
static ds_host host;
static const ds_plugin *plugin;
static void *handle;

static void setup(void)
{
	const char *build = getenv("DOORSTEP_BUILD_DIR");
	char path[1024];
	const ds_plugin *(*entry)(void);

	cam_reset();
	last_error[0] = '\0';
	cr_assert_not_null(build);
	snprintf(path, sizeof path, "%s/plugins/onvif.so", build);
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	cr_assert_not_null(handle, "%s", dlerror());
	entry = (const ds_plugin *(*)(void))dlsym(handle, "doorstep_plugin_v1");
	cr_assert_not_null(entry);
	plugin = entry();
	memset(&host, 0, sizeof host);
	host.struct_size = sizeof host;
	host.abi_major = DS_PLUGIN_ABI_MAJOR;
	host.abi_minor = DS_PLUGIN_ABI_MINOR;
	host.log = h_log;
	host.progress = h_progress;
	host.cancelled = h_cancelled;
	host.sleep = h_sleep;
	host.fail = h_fail;
	host.translate = h_translate;
	host.random = h_random;
	host.secret_alloc = h_secret_alloc;
	host.secret_free = h_secret_free;
	host.http = &fake_http;
	host.net = &fake_net;
	cr_assert_eq(plugin->init(&host), DS_OK);
}

static void teardown(void)
{
	plugin->fini();
	dlclose(handle);
}

/** Opens the fake camera behind an unreachable first XAddr. */
static ds_device *open_camera(void)
{
	ds_device *dev = NULL;

	cr_assert_eq(plugin->open(NULL,
				  "onvif:http://unreachable.test/onvif/device_service,"
				  "http://camera.test/onvif/device_service",
				  &dev),
		     DS_OK, "%s", last_error);
	return dev;
}

TestSuite(onvif_plugin, .init = setup, .fini = teardown, .timeout = 120);

Test(onvif_plugin, finds_the_default_with_the_clock_offset)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	ds_device_info info = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK, "%s", last_error);
	cr_expect(cs.has_password);
	cr_expect(cs.on_factory_default);
	cr_expect_str_eq(cs.user, "admin");
	cr_assert_eq(plugin->device_info(NULL, dev, &info), DS_OK);
	cr_expect_eq(info.kind, DS_KIND_CAMERA);
	cr_expect_str_eq(info.vendor, "ACME Cams");
	cr_expect_str_eq(info.model, "Dome 4");
	cr_expect_str_eq(info.serial, "ACME0001");
	cr_expect_str_eq(info.mac, "00:0A:0B:0C:0D:0E");
	cr_expect(info.features & DS_FEATURE_ACCOUNTS);
	cr_expect_eq(info.password.max_length, 16);
	cr_expect(strncmp(info.locator, "onvif:", 6) == 0);
	cr_expect_eq(cam.replays, 0, "every request carries a fresh nonce");
	plugin->close(dev);
}

Test(onvif_plugin, set_password_waits_and_proves)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	uint64_t t0;

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	t0 = now_ms();
	cr_assert_eq(plugin->set_password(NULL, dev, NULL, "Kq7-Lm2_Xv9.Rt4w"), DS_OK, "%s", last_error);
	cr_expect_geq(now_ms() - t0, APPLY_DELAY_MS - 100, "it returned before the camera took the password");
	cr_expect_str_eq(cam.users[0].password, "Kq7-Lm2_Xv9.Rt4w");
	cr_expect_eq(plugin->login(NULL, dev, "12345"), DS_ERR_AUTH);
	cr_expect_eq(plugin->login(NULL, dev, "Kq7-Lm2_Xv9.Rt4w"), DS_OK, "%s", last_error);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cr_expect(!cs.on_factory_default || cam.users[1].present, "only the guest may keep it on a default");
	plugin->close(dev);
}

Test(onvif_plugin, too_long_password_is_refused_clearly)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cr_expect_eq(plugin->set_password(NULL, dev, NULL, "this-password-is-longer-than-16"), DS_ERR_INVALID);
	cr_expect(strstr(last_error, "PasswordTooLong") != NULL, "%s", last_error);
	cr_expect(strstr(last_error, "old password still applies") != NULL, "%s", last_error);
	cr_expect_str_eq(cam.users[0].password, "12345");
	plugin->close(dev);
}

Test(onvif_plugin, leftover_guest_is_listed_and_deleted)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	ds_account acc;

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	memset(&acc, 0, sizeof acc);
	cr_assert_eq(plugin->account(NULL, dev, 0, &acc), DS_OK, "%s", last_error);
	cr_expect_str_eq(acc.user, "admin");
	cr_expect(acc.primary);
	cr_expect_eq(acc.role, DS_ACCOUNT_ADMIN);
	memset(&acc, 0, sizeof acc);
	cr_assert_eq(plugin->account(NULL, dev, 1, &acc), DS_OK, "%s", last_error);
	cr_expect_str_eq(acc.user, "guest");
	cr_expect(acc.on_factory_default);
	cr_expect(acc.can_delete);
	cr_expect_eq(plugin->account(NULL, dev, 2, &acc), DS_ERR_NOT_FOUND);
	cr_assert_eq(plugin->account_delete(NULL, dev, "guest"), DS_OK, "%s", last_error);
	cr_expect(!cam.users[1].present);
	cr_expect_eq(plugin->account(NULL, dev, 1, &acc), DS_ERR_NOT_FOUND);
	plugin->close(dev);
}

Test(onvif_plugin, guest_gets_its_own_password)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	ds_account acc = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cr_assert_eq(plugin->account(NULL, dev, 1, &acc), DS_OK, "%s", last_error);
	cr_assert_eq(plugin->account_set_password(NULL, dev, "guest", "Gu3st-New_Pass9"), DS_OK, "%s", last_error);
	cr_expect_str_eq(cam.users[1].password, "Gu3st-New_Pass9");
	memset(&acc, 0, sizeof acc);
	cr_assert_eq(plugin->account(NULL, dev, 1, &acc), DS_OK);
	cr_expect(!acc.on_factory_default);
	plugin->close(dev);
}

Test(onvif_plugin, clock_warning_and_fix)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	ds_check check = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cr_assert_eq(plugin->diagnose(NULL, dev, 0, &check), DS_OK);
	cr_expect_str_eq(check.id, "camera.clock");
	cr_expect_eq(check.grade, DS_CHECK_WARN);
	cr_expect_str_eq(check.fix, "clock.utc");
	cr_assert_eq(plugin->check_fix(NULL, dev, check.fix), DS_OK, "%s", last_error);
	cr_expect_eq(cam.offset, 0);
	memset(&check, 0, sizeof check);
	cr_assert_eq(plugin->diagnose(NULL, dev, 0, &check), DS_OK);
	cr_expect_eq(check.grade, DS_CHECK_PASS);
	/* logins still work with the corrected clock */
	cr_expect_eq(plugin->login(NULL, dev, NULL), DS_OK, "%s", last_error);
	memset(&check, 0, sizeof check);
	cr_assert_eq(plugin->diagnose(NULL, dev, 2, &check), DS_OK);
	cr_expect_eq(check.grade, DS_CHECK_WARN, "plain HTTP only");
	memset(&check, 0, sizeof check);
	cr_assert_eq(plugin->diagnose(NULL, dev, 3, &check), DS_OK);
	cr_expect_eq(check.grade, DS_CHECK_FAIL, "the guest is on a default");
	cr_expect_eq(plugin->diagnose(NULL, dev, 4, &check), DS_ERR_NOT_FOUND);
	plugin->close(dev);
}

Test(onvif_plugin, camera_silent_after_set_user_keeps_both)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cam.silent_after_set = true;
	cr_expect_eq(plugin->set_password(NULL, dev, NULL, "N3w-Pass_Word.77"), DS_ERR_TIMEOUT);
	cr_expect(strstr(last_error, "Either the old or the") != NULL, "%s", last_error);
	/* the camera comes back with the new password in effect; a retry tries the new one first */
	cam.silent = false;
	cam.silent_after_set = false;
	cam_tick();
	cr_assert_str_eq(cam.users[0].password, "N3w-Pass_Word.77");
	cr_assert_eq(plugin->set_password(NULL, dev, NULL, "N3w-Pass_Word.77"), DS_OK, "%s", last_error);
	cr_expect_eq(cam.set_users, 1, "no second SetUser was needed");
	plugin->close(dev);
}

Test(onvif_plugin, unknown_locator_and_dead_camera)
{
	ds_device *dev = NULL;

	cr_expect_eq(plugin->open(NULL, "ble:AA:BB", &dev), DS_ERR_INVALID);
	cr_expect_eq(plugin->open(NULL, "onvif:http://unreachable.test/onvif/device_service", &dev), DS_ERR_IO);
	cr_expect(strstr(last_error, "does not answer") != NULL, "%s", last_error);
	cr_expect_null(dev);
}

Test(onvif_plugin, stream_check_with_rtsp_digest)
{
	ds_device *dev = open_camera();
	ds_credential_state cs = { 0 };
	ds_check check = { 0 };

	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK);
	cr_assert_eq(plugin->diagnose(NULL, dev, 1, &check), DS_OK, "%s", last_error);
	cr_expect_str_eq(check.id, "camera.stream");
	cr_expect_eq(check.grade, DS_CHECK_PASS, "%s / %s", check.value, check.advice);
	cr_expect_eq(cam.rtsp_authorized, 1);
	plugin->close(dev);
}

Test(onvif_plugin, discovery_matches_relates_to_once_per_endpoint)
{
	char locator[DS_LOCATOR_MAX];

	setenv("DOORSTEP_ONVIF_PROBE", "10.9.8.7:3702", 1);
	cr_assert_eq(plugin->discover(NULL, 0, locator, sizeof locator), DS_OK, "%s", last_error);
	unsetenv("DOORSTEP_ONVIF_PROBE");
	cr_expect_str_eq(probe_unicast_seen, "yes");
	cr_expect_str_eq(locator,
			 "onvif:http://unreachable.test/onvif/device_service,http://camera.test/onvif/device_service");
	cr_assert_eq(plugin->discover(NULL, 1, locator, sizeof locator), DS_OK);
	cr_expect_str_eq(locator, "onvif:http://192.0.2.11/onvif/device_service");
	cr_expect_eq(plugin->discover(NULL, 2, locator, sizeof locator), DS_ERR_NOT_FOUND);
}

Test(onvif_plugin, typed_addresses)
{
	char locator[DS_LOCATOR_MAX];

	cr_assert_eq(plugin->match_address(NULL, "camera.test", locator, sizeof locator), DS_OK, "%s", last_error);
	cr_expect_str_eq(locator, "onvif:http://camera.test/onvif/device_service");
	cr_expect_eq(plugin->match_address(NULL, "unreachable.test:8080", locator, sizeof locator), DS_ERR_NOT_FOUND);
	cr_expect_eq(plugin->match_address(NULL, "camera.test/x\"y", locator, sizeof locator), DS_ERR_NOT_FOUND);
	cr_expect_eq(plugin->match_address(NULL, "ftp://camera.test/", locator, sizeof locator), DS_ERR_NOT_FOUND);
}

Test(onvif_plugin, hostile_camera_gets_a_clear_message)
{
	ds_device *dev = NULL;
	char locator[DS_LOCATOR_MAX];

	cam.hostile = true;
	cr_expect_eq(plugin->open(NULL, "onvif:http://camera.test/onvif/device_service", &dev), DS_ERR_DEVICE);
	cr_expect(strstr(last_error, "not as an ONVIF camera") != NULL, "%s", last_error);
	cr_expect_null(dev);
	/* something answered there: the message says so, rather than "no device" */
	cr_expect_eq(plugin->match_address(NULL, "camera.test", locator, sizeof locator), DS_ERR_DEVICE);
	cr_expect(strstr(last_error, "not as an ONVIF camera") != NULL, "%s", last_error);
}

Test(onvif_plugin, http_digest_camera_is_remembered)
{
	ds_device *dev;
	ds_credential_state cs = { 0 };
	unsigned before;

	cam.http_only = true;
	dev = open_camera();
	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK, "%s", last_error);
	cr_expect(cs.on_factory_default);
	/* once HTTP Digest worked, no request tries WS-UsernameToken first */
	before = cam.auth_requests;
	cr_assert_eq(plugin->login(NULL, dev, NULL), DS_OK, "%s", last_error);
	cr_expect_eq(cam.auth_requests - before, 3,
		     "GetDeviceInformation, GetUsers, GetNetworkInterfaces once each: %u", cam.auth_requests - before);
	cr_assert_eq(plugin->set_password(NULL, dev, NULL, "Kq7-Lm2_Xv9.Rt4w"), DS_OK, "%s", last_error);
	cr_expect_str_eq(cam.users[0].password, "Kq7-Lm2_Xv9.Rt4w");
	plugin->close(dev);
}

Test(onvif_plugin, own_password_stays_under_the_lockout)
{
	ds_device *dev;
	ds_credential_state cs = { 0 };

	cam.http_only = true; /* each wrong default costs two requests here */
	snprintf(cam.users[0].password, sizeof cam.users[0].password, "%s", "not-a-default-1");
	snprintf(cam.users[1].password, sizeof cam.users[1].password, "%s", "not-a-default-2");
	dev = open_camera();
	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK, "%s", last_error);
	cr_expect(!cs.on_factory_default);
	cr_expect(cs.has_password);
	cr_expect_leq(cam.auth_requests, 4, "%u wrong logins: cameras lock after 5", cam.auth_requests);
	cr_expect_eq(plugin->login(NULL, dev, "wrong-again"), DS_ERR_BUSY, "%s", last_error);
	cr_expect_leq(cam.auth_requests, 4);
	plugin->close(dev);
}

Test(onvif_plugin, camera_without_accounts_needs_activation)
{
	ds_device *dev;
	ds_credential_state cs = { 0 };

	cam.users[0].present = false;
	cam.users[1].present = false;
	dev = open_camera();
	cr_assert_eq(plugin->credential_state(NULL, dev, &cs), DS_OK, "%s", last_error);
	cr_expect(!cs.has_password);
	cr_expect_eq(plugin->login(NULL, dev, NULL), DS_ERR_UNSUPPORTED);
	cr_expect(strstr(last_error, "not been activated") != NULL, "%s", last_error);
	cr_expect_eq(plugin->set_password(NULL, dev, NULL, "Kq7-Lm2_Xv9.Rt4w"), DS_ERR_UNSUPPORTED);
	cr_expect_eq(cam.set_users, 0);
	plugin->close(dev);
}

Test(onvif_plugin, older_host_finds_nothing_quietly)
{
	char locator[DS_LOCATOR_MAX];

	host.net = NULL;
	cr_expect_eq(plugin->discover(NULL, 0, locator, sizeof locator), DS_ERR_NOT_FOUND);
	cr_expect_str_eq(last_error, "", "no failure message for a search on an older host");
}
