/* Parsers of 3GPP TS 27.007 information responses (+CSQ, +CESQ, +CREG and
 * its siblings, +COPS, +CCID and the bare identity lines), with the
 * standard's value mappings. Pure functions over one line of text: no port,
 * no host, so the unit tests run them against public vectors. */
#ifndef AT_PARSE_H
#define AT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A signal value the module did not report (27.007's 99 or 255). */
#define AT_UNKNOWN INT32_MIN

/** Registration state (27.007 <stat>), folded to what a person needs. */
typedef enum at_reg_state {
	AT_REG_UNKNOWN = 0,
	AT_REG_NOT_REGISTERED = 1,
	AT_REG_HOME = 2,
	AT_REG_SEARCHING = 3,
	AT_REG_DENIED = 4,
	AT_REG_ROAMING = 5,
} at_reg_state;

/** Radio access technology, from a 27.007 <AcT> value. */
typedef enum at_act {
	AT_ACT_UNKNOWN = 0,
	AT_ACT_GSM = 1,
	AT_ACT_UMTS = 2,
	AT_ACT_LTE = 3,
	AT_ACT_NB_IOT = 4,
	AT_ACT_5G = 5,
} at_act;

/** +CSQ: received signal strength. */
typedef struct at_csq {
	int32_t rssi_dbm; /**< AT_UNKNOWN when the module says 99 */
} at_csq;

/** +CESQ: extended signal quality; every field may be AT_UNKNOWN. */
typedef struct at_cesq {
	int32_t rxlev_dbm;     /**< GSM received level */
	int32_t rscp_dbm;      /**< UMTS received signal code power */
	int32_t ecio_db10;     /**< UMTS Ec/Io, tenths of a dB */
	int32_t rsrp_dbm;      /**< LTE reference signal received power */
	int32_t rsrq_db10;     /**< LTE reference signal received quality, tenths of a dB */
	int32_t ss_rsrp_dbm;   /**< NR, from modules that append the 5G fields */
	int32_t ss_rsrq_db10;
	int32_t ss_sinr_db10;
} at_cesq;

/** +CREG / +CGREG / +CEREG / +C5GREG, solicited or unsolicited form. */
typedef struct at_reg {
	at_reg_state state;
	int stat;              /**< the raw <stat> */
	char area[12];         /**< <lac> or <tac> in hex, or "" */
	char cell_id[12];      /**< <ci> in hex, or "" */
	at_act act;            /**< AT_ACT_UNKNOWN when the line has no <AcT> */
} at_reg;

/** +COPS? : the current operator. */
typedef struct at_cops {
	int mode;              /**< 0 automatic, 1 manual, 2 deregistered, ... */
	int format;            /**< 0 long name, 1 short name, 2 numeric; -1 when no operator */
	char oper[64];         /**< in that format, or "" */
	at_act act;
} at_cops;

/** <stat> of one network in a +COPS=? list. */
typedef enum at_net_stat {
	AT_NET_UNKNOWN = 0,
	AT_NET_AVAILABLE = 1,
	AT_NET_CURRENT = 2,
	AT_NET_FORBIDDEN = 3,
} at_net_stat;

/** One network of a +COPS=? list. */
typedef struct at_network {
	at_net_stat stat;
	char long_name[64];
	char short_name[32];
	char code[8];          /**< MCC+MNC */
	at_act act;
} at_network;

/** Parses "+CSQ: <rssi>,<ber>". 0 or -1 when the line is not one. */
int at_parse_csq(const char *line, at_csq *out);
/** Parses "+CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>[,<ss_rsrq>,<ss_rsrp>,<ss_sinr>]". 0 or -1. */
int at_parse_cesq(const char *line, at_cesq *out);
/** Parses a registration line of any of the four commands (prefix included),
 *  telling the solicited "<n>,<stat>,..." from the unsolicited "<stat>,..." form. 0 or -1. */
int at_parse_reg(const char *line, at_reg *out);
/** Parses "+COPS: <mode>[,<format>,<oper>[,<AcT>]]". 0 or -1. */
int at_parse_cops(const char *line, at_cops *out);
/** Parses a "+COPS: (...),(...),,(modes),(formats)" scan result into at most
 *  max networks. Returns how many, or -1 when the line is not one. */
int at_parse_cops_list(const char *line, at_network *out, size_t max);
/** Takes an ICCID from "+CCID: ...", "+ICCID: ...", "^ICCID: ..." or a bare
 *  line (digits, a trailing F pad dropped) into out. 0 or -1. */
int at_parse_iccid(const char *line, char *out, size_t size);
/** Takes a run of digits (IMSI, IMEI) from a bare or "+PREFIX: " line, quotes allowed. 0 or -1. */
int at_parse_digits(const char *line, char *out, size_t size);
/** Takes free text (manufacturer, model, firmware) from a bare or "+PREFIX: "
 *  line, quotes removed. 0 or -1 when empty. */
int at_parse_text(const char *line, char *out, size_t size);

/** Copies src into dst (size > 0 bytes), cut to fit, always NUL-terminated. */
void at_copy(char *dst, size_t size, const char *src);

/** The folded state of a raw 27.007 <stat> value. */
at_reg_state at_reg_state_from_stat(int stat);
/** The technology of a 27.007 <AcT> value. */
at_act at_act_from_value(int act);
/** Stable names for logs and tests ("home", "lte", "current", ...). */
const char *at_reg_state_name(at_reg_state state);
const char *at_act_name(at_act act);
const char *at_net_stat_name(at_net_stat stat);

#endif
