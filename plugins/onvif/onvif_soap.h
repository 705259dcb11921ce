/* Building the ONVIF plugin's requests, as pure functions: the SOAP 1.2
 * envelope, the WS-Security UsernameToken with PasswordDigest (OASIS Web
 * Services Security UsernameToken Profile 1.0; ONVIF Core Specification
 * 5.12), the bodies of the device and media calls, and the WS-Discovery
 * Probe. Every value is XML-escaped. A request that carries a password
 * (SetUser) must be built into secret memory by the caller. */
#ifndef ONVIF_SOAP_H
#define ONVIF_SOAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Length of a WS-Security nonce (bytes), of a "urn:uuid:..." text with NUL,
 *  of a Created time ("2010-09-16T07:50:45Z") with NUL. */
#define ONVIF_NONCE_LEN 16u
#define ONVIF_UUID_MAX 46u
#define ONVIF_CREATED_MAX 24u

/** The UsernameToken of one request. */
typedef struct onvif_wsse {
	const char *user;
	const char *password;            /**< a secret: only its digest goes into the request */
	uint8_t nonce[ONVIF_NONCE_LEN];  /**< fresh random bytes for every request */
	char created[ONVIF_CREATED_MAX]; /**< laptop time + the camera's clock offset (onvif_format_time) */
} onvif_wsse;

/** Escapes text for XML element content and attributes (&, <, >, ", ')
 *  into out; false when it does not fit (out is then ""). */
bool onvif_xml_escape(const char *text, char *out, size_t size);
/** Standard base64 (RFC 4648 section 4) of len bytes, NUL-terminated; false when out is too small. */
bool onvif_base64(const uint8_t *data, size_t len, char *out, size_t size);
/** "YYYY-MM-DDThh:mm:ssZ" of unix seconds (UTC) into out (ONVIF_CREATED_MAX). */
void onvif_format_time(int64_t unix_seconds, char *out, size_t size);
/** Base64(SHA-1(nonce + created + password)) into out (29 bytes with NUL suffice). */
bool onvif_password_digest(const uint8_t *nonce, size_t nonce_len, const char *created, const char *password, char *out,
			   size_t size);
/** "urn:uuid:" and an RFC 4122 version 4 UUID from 16 random bytes. */
void onvif_uuid(const uint8_t random16[16], char *out, size_t size);

/** The envelope around body (XML of the Body's content, already escaped),
 *  with a Security header when wsse is not NULL. false when out is too small. */
bool onvif_envelope(const onvif_wsse *wsse, const char *body, char *out, size_t size);

/* Bodies (the content of soap:Body). Each returns false when out is too small
 * or a value cannot be escaped into it. */
/** A call without arguments in the device service (tds:GetDeviceInformation,
 *  tds:GetSystemDateAndTime, tds:GetNetworkInterfaces, tds:GetUsers) or, with
 *  media, in the media service (trt:GetProfiles). */
bool onvif_body_plain(const char *operation, bool media, char *out, size_t size);
/** tds:GetServices without capabilities. */
bool onvif_body_get_services(char *out, size_t size);
/** tds:GetCapabilities, category All. */
bool onvif_body_get_capabilities(char *out, size_t size);
/** tds:SetUser for one account; password is a secret (build into secret memory). */
bool onvif_body_set_user(const char *user, const char *password, const char *level, char *out, size_t size);
/** tds:DeleteUsers of one account. */
bool onvif_body_delete_user(const char *user, char *out, size_t size);
/** tds:SetSystemDateAndTime: Manual with this UTC time, or NTP (utc ignored). */
bool onvif_body_set_time(bool ntp, int64_t utc_seconds, char *out, size_t size);
/** trt:GetStreamUri for a profile: RTP-Unicast over RTSP. */
bool onvif_body_get_stream_uri(const char *profile_token, char *out, size_t size);

/** The WS-Discovery Probe for dn:NetworkVideoTransmitter with this MessageID. */
bool onvif_probe_message(const char *message_id, char *out, size_t size);

#endif
