/* The ONVIF plugin's answer parsers: expat with namespaces respected
 * (XML_ParserCreateNS), every size capped, no host needed. Each parser takes
 * the bytes of one SOAP answer (not NUL-terminated) and fills a struct with
 * the fields the plugin uses. Text from a camera is kept as it came (valid
 * UTF-8, as expat guarantees); the host makes it safe before it is shown. */
#ifndef ONVIF_XML_H
#define ONVIF_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Namespaces of the answers (SOAP 1.2, WS-Addressing 2004/08, WS-Discovery
 *  2005/04, ONVIF device, media, media2 and schema). */
#define ONVIF_NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define ONVIF_NS_WSA "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define ONVIF_NS_WSD "http://schemas.xmlsoap.org/ws/2005/04/discovery"
#define ONVIF_NS_TDS "http://www.onvif.org/ver10/device/wsdl"
#define ONVIF_NS_TRT "http://www.onvif.org/ver10/media/wsdl"
#define ONVIF_NS_TR2 "http://www.onvif.org/ver20/media/wsdl"
#define ONVIF_NS_TT "http://www.onvif.org/ver10/schema"

/** Caps on what a camera may send: the whole answer, nesting, the number of
 *  elements and one element's text (longer text is cut, the rest ignored). */
#define ONVIF_XML_MAX_DOC (256u * 1024u)
#define ONVIF_XML_MAX_DEPTH 32u
#define ONVIF_XML_MAX_ELEMENTS 4096u
#define ONVIF_XML_MAX_TEXT 1024u

/** Why an answer was refused. */
typedef enum onvif_xml_error {
	ONVIF_XML_OK = 0,
	ONVIF_XML_MALFORMED = 1, /**< not well-formed XML */
	ONVIF_XML_TOO_BIG = 2,   /**< beyond a cap above */
	ONVIF_XML_MISSING = 3,   /**< well-formed, but not the answer asked for */
	ONVIF_XML_FAULT = 4,     /**< a SOAP Fault (onvif_parse_fault tells which) */
	ONVIF_XML_NO_MEMORY = 5,
} onvif_xml_error;

/** Field sizes (bytes with NUL). */
#define ONVIF_URL_MAX 256u
#define ONVIF_FIELD_MAX 96u
#define ONVIF_XADDRS_MAX 4u
#define ONVIF_USERS_MAX 16u
#define ONVIF_PROFILES_MAX 8u

/** One answer to a WS-Discovery Probe (ProbeMatches/ProbeMatch). */
typedef struct onvif_probe_match {
	char address[ONVIF_URL_MAX];                  /**< EndpointReference/Address, e.g. "urn:uuid:..." */
	char relates_to[ONVIF_URL_MAX];               /**< Header/RelatesTo: the Probe's MessageID */
	char types[ONVIF_URL_MAX];                    /**< Types (QNames, space-separated) */
	char scopes[ONVIF_XML_MAX_TEXT];              /**< Scopes (URIs, space-separated) */
	char xaddrs[ONVIF_XADDRS_MAX][ONVIF_URL_MAX]; /**< XAddrs, in the order given */
	size_t n_xaddrs;
} onvif_probe_match;

/** A SOAP 1.2 Fault: Code/Value, Subcode/Value (local names: "Sender",
 *  "NotAuthorized"), the first Reason/Text. */
typedef struct onvif_fault {
	char code[ONVIF_FIELD_MAX];
	char subcode[ONVIF_FIELD_MAX]; /**< the innermost Subcode's value, or "" */
	char reason[ONVIF_FIELD_MAX * 2];
} onvif_fault;

/** GetSystemDateAndTime: the camera's UTC clock. */
typedef struct onvif_datetime {
	bool ntp;            /**< DateTimeType is NTP */
	bool has_utc;        /**< UTCDateTime was present and valid */
	int64_t utc_seconds; /**< UTCDateTime as seconds since 1970 */
} onvif_datetime;

/** GetDeviceInformation. */
typedef struct onvif_device_information {
	char manufacturer[ONVIF_FIELD_MAX];
	char model[ONVIF_FIELD_MAX];
	char firmware[64];
	char serial[64];
	char hardware_id[64];
} onvif_device_information;

/** GetServices or GetCapabilities: the service addresses the plugin uses. */
typedef struct onvif_services {
	char device[ONVIF_URL_MAX];
	char media[ONVIF_URL_MAX];  /**< media (ver10) */
	char media2[ONVIF_URL_MAX]; /**< media2 (ver20), GetServices only */
} onvif_services;

/** User levels of GetUsers (tt:UserLevel). */
typedef enum onvif_user_level {
	ONVIF_LEVEL_OTHER = 0,
	ONVIF_LEVEL_ADMINISTRATOR = 1,
	ONVIF_LEVEL_OPERATOR = 2,
	ONVIF_LEVEL_USER = 3,
	ONVIF_LEVEL_ANONYMOUS = 4,
	ONVIF_LEVEL_EXTENDED = 5,
} onvif_user_level;

/** One account from GetUsers. */
typedef struct onvif_user {
	char name[64];
	onvif_user_level level;
} onvif_user;

/** GetUsers. */
typedef struct onvif_users {
	onvif_user users[ONVIF_USERS_MAX];
	size_t n;
} onvif_users;

/** GetProfiles: the profiles' tokens. */
typedef struct onvif_profiles {
	char tokens[ONVIF_PROFILES_MAX][64];
	size_t n;
} onvif_profiles;

/** Stable English name of an error (for logs and tests). */
const char *onvif_xml_error_name(onvif_xml_error err);

/** Every parser: ONVIF_XML_OK, or why not; a SOAP Fault is ONVIF_XML_FAULT
 *  (fault, when not NULL, then holds it). */
onvif_xml_error onvif_parse_fault(const char *xml, size_t len, onvif_fault *fault);
/** One ProbeMatches message; *n matches (each carries the message's RelatesTo). */
onvif_xml_error onvif_parse_probe_matches(const char *xml, size_t len, onvif_probe_match *out, size_t max, size_t *n);
onvif_xml_error onvif_parse_datetime(const char *xml, size_t len, onvif_datetime *out, onvif_fault *fault);
onvif_xml_error onvif_parse_device_information(const char *xml, size_t len, onvif_device_information *out,
					       onvif_fault *fault);
/** GetServicesResponse or GetCapabilitiesResponse, whichever it is. */
onvif_xml_error onvif_parse_services(const char *xml, size_t len, onvif_services *out, onvif_fault *fault);
/** GetNetworkInterfaces: the first interface's HwAddress, as "AA:BB:CC:DD:EE:FF". */
onvif_xml_error onvif_parse_hwaddress(const char *xml, size_t len, char *mac, size_t mac_size, onvif_fault *fault);
onvif_xml_error onvif_parse_users(const char *xml, size_t len, onvif_users *out, onvif_fault *fault);
onvif_xml_error onvif_parse_profiles(const char *xml, size_t len, onvif_profiles *out, onvif_fault *fault);
/** GetStreamUri (media or media2): MediaUri/Uri or Uri. */
onvif_xml_error onvif_parse_stream_uri(const char *xml, size_t len, char *uri, size_t uri_size, onvif_fault *fault);
/** Any answer whose body is the element local in namespace ns (SetUser,
 *  DeleteUsers, SetSystemDateAndTime: empty responses). */
onvif_xml_error onvif_parse_empty(const char *xml, size_t len, const char *ns, const char *local, onvif_fault *fault);

/** Days since 1970-01-01 of a proleptic Gregorian date (for UTCDateTime). */
int64_t onvif_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
