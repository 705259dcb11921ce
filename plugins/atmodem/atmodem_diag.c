/* The module's own checks, as raw facts: does it answer, is a SIM card in
 * it, is it registered, can it carry data to the cloud (attached to the
 * packet service, AT+CGATT?). Signal strength is graded by the host from
 * cellular_status, not here. */
#include <stdio.h>
#include <string.h>

#include "atmodem.h"

/** Fills the parts every check has. */
static void atmodem_check(ds_check *out, const char *id, const char *title, ds_check_grade grade,
			  const char *value, const char *advice)
{
	at_copy(out->id, sizeof out->id, id);
	at_copy(out->title, sizeof out->title, title);
	out->grade = grade;
	at_copy(out->value, sizeof out->value, value);
	at_copy(out->advice, sizeof out->advice, advice);
}

/** Check 0: the module answers "AT". */
static ds_status atmodem_check_answers(ds_call *call, ds_device *dev, ds_check *out)
{
	at_response resp;
	ds_status st = atmodem_run(call, dev, "AT", ATMODEM_TIMEOUT_MS, &resp, true, NULL);
	char value[2 * DS_NAME_MAX]; /* maker and model; cut to fit the check */

	if (st == DS_ERR_CANCELLED)
		return st;
	dev->answers = st == DS_OK;
	snprintf(value, sizeof value, "%s %s", dev->vendor, dev->model);
	atmodem_check(out, "modem.answers", D_("Cellular module answers"), dev->answers ? DS_CHECK_PASS : DS_CHECK_FAIL,
		      dev->answers ? value : D_("no answer"),
		      dev->answers ? "" : D_("The module does not answer on its serial port. Unplug it, plug it in "
					      "again, and check that no other program uses the port."));
	return DS_OK;
}

/** Check 1: a SIM card is present and readable (ICCID, else IMSI). */
static ds_status atmodem_check_sim(ds_call *call, ds_device *dev, ds_check *out)
{
	const char *title = D_("SIM card");
	at_response resp;
	char digits[24];
	ds_status st = atmodem_run(call, dev, "AT+CCID", ATMODEM_SIM_TIMEOUT_MS, &resp, true, NULL);

	if (st == DS_ERR_CANCELLED)
		return st;
	for (size_t k = 0; st == DS_OK && k < resp.n_lines; k++) {
		if (at_parse_iccid(at_response_line(&resp, k), digits, sizeof digits) == 0) {
			at_copy(dev->iccid, sizeof dev->iccid, digits);
			atmodem_check(out, "modem.sim", title, DS_CHECK_PASS, digits, "");
			return DS_OK;
		}
	}
	if (st == DS_ERR_DEVICE && resp.result == AT_RESULT_CME && resp.error_code >= 10 && resp.error_code <= 15) {
		atmodem_check(out, "modem.sim", title, DS_CHECK_FAIL, resp.error_text, atmodem_cme_text(resp.error_code));
		return DS_OK;
	}
	if (st != DS_ERR_TIMEOUT && st != DS_ERR_IO) {
		/* No +CCID on this module: the IMSI also proves a readable SIM. */
		st = atmodem_run(call, dev, "AT+CIMI", ATMODEM_SIM_TIMEOUT_MS, &resp, true, NULL);
		if (st == DS_ERR_CANCELLED)
			return st;
		for (size_t k = 0; st == DS_OK && k < resp.n_lines; k++) {
			if (at_parse_digits(at_response_line(&resp, k), digits, sizeof digits) == 0) {
				atmodem_check(out, "modem.sim", title, DS_CHECK_PASS, D_("present (IMSI readable)"), "");
				return DS_OK;
			}
		}
		if (st == DS_ERR_DEVICE && resp.result == AT_RESULT_CME) {
			atmodem_check(out, "modem.sim", title, DS_CHECK_FAIL, resp.error_text,
				      atmodem_cme_text(resp.error_code));
			return DS_OK;
		}
	}
	atmodem_check(out, "modem.sim", title, DS_CHECK_FAIL, D_("not readable"),
		      D_("The module could not read a SIM card. Check that one is inserted and unlocked."));
	return DS_OK;
}

/** Check 2: registered on a mobile network. */
static ds_status atmodem_check_registration(ds_call *call, ds_device *dev, ds_check *out)
{
	const char *title = D_("Mobile network registration");
	char value[2 * DS_NAME_MAX];
	at_reg reg;
	ds_status st = atmodem_registration(call, dev, &reg);

	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK) {
		atmodem_check(out, "cellular.registration", title, DS_CHECK_FAIL, D_("unknown"),
			      D_("The module did not report its registration. Try the diagnostics again."));
		return DS_OK;
	}
	switch (reg.state) {
	case AT_REG_HOME:
	case AT_REG_ROAMING:
		snprintf(value, sizeof value, "%s (%s)", reg.state == AT_REG_HOME ? D_("home network") : D_("roaming"),
			 at_act_name(reg.act));
		atmodem_check(out, "cellular.registration", title, DS_CHECK_PASS, value, "");
		break;
	case AT_REG_SEARCHING:
		atmodem_check(out, "cellular.registration", title, DS_CHECK_WARN, D_("searching"),
			      D_("The module is still looking for a network. Wait a minute and run the check again; "
				 "if it stays so, move the antenna."));
		break;
	case AT_REG_DENIED:
		atmodem_check(out, "cellular.registration", title, DS_CHECK_FAIL, D_("refused by the network"),
			      D_("The network refused the SIM card. Check with the operator that it is activated."));
		break;
	case AT_REG_NOT_REGISTERED:
	case AT_REG_UNKNOWN:
		atmodem_check(out, "cellular.registration", title, DS_CHECK_FAIL, D_("not registered"),
			      D_("The module is not registered and not searching. Check the SIM card and the antenna."));
		break;
	}
	return DS_OK;
}

/** Check 3: the module is attached to the packet data service, so alarms
 *  can reach the cloud over this network (3GPP TS 27.007 +CGATT). */
static ds_status atmodem_check_data(ds_call *call, ds_device *dev, ds_check *out)
{
	const char *title = D_("Mobile data to the cloud");
	at_response resp;
	int attached = -1;
	ds_status st = atmodem_run(call, dev, "AT+CGATT?", ATMODEM_TIMEOUT_MS, &resp, true, NULL);

	if (st == DS_ERR_CANCELLED)
		return st;
	for (size_t k = 0; st == DS_OK && k < resp.n_lines && attached < 0; k++)
		if (sscanf(at_response_line(&resp, k), "+CGATT: %d", &attached) != 1)
			attached = -1;
	if (attached == 1)
		atmodem_check(out, "modem.data", title, DS_CHECK_PASS, D_("packet data attached"),
			      D_("The module can send data through the operator: alarms can reach the cloud."));
	else if (attached == 0)
		atmodem_check(out, "modem.data", title, DS_CHECK_FAIL, D_("no packet data"),
			      D_("The module is not attached to mobile data, so alarms cannot reach the cloud over this "
				 "network. Check that the SIM's plan includes data and that the module's APN is right, "
				 "then run the check again."));
	else
		atmodem_check(out, "modem.data", title, DS_CHECK_WARN, D_("unknown"),
			      D_("The module did not say whether it has mobile data. Check the alarm cloud from the panel "
				 "itself once it is in service."));
	return DS_OK;
}

ds_status atmodem_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	if (index > 3)
		return DS_ERR_NOT_FOUND;
	if (index > 0 && !dev->answers) {
		static const char *const ids[] = { "", "modem.sim", "cellular.registration", "modem.data" };
		const char *titles[] = { "", D_("SIM card"), D_("Mobile network registration"),
					 D_("Mobile data to the cloud") };

		atmodem_check(out, ids[index], titles[index], DS_CHECK_SKIPPED, "",
			      D_("Skipped: the module does not answer."));
		return DS_OK;
	}
	atmodem_host->progress(call, (unsigned)(index * 1000 / 4), D_("Checking the cellular module"));
	if (index == 0)
		return atmodem_check_answers(call, dev, out);
	if (index == 1)
		return atmodem_check_sim(call, dev, out);
	if (index == 2)
		return atmodem_check_registration(call, dev, out);
	return atmodem_check_data(call, dev, out);
}
