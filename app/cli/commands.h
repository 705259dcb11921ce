/* Entry points of the subcommands (one file each). argv[0] is the command. */
#ifndef DS_COMMANDS_H
#define DS_COMMANDS_H

/** doorstep version [--json] */
int ds_cmd_version(int argc, char **argv);
/** doorstep plugins [--json] */
int ds_cmd_plugins(int argc, char **argv);
/** doorstep qr ... */
int ds_cmd_qr(int argc, char **argv);
/** doorstep password ... */
int ds_cmd_password(int argc, char **argv);
/** doorstep ble scan ... */
int ds_cmd_ble(int argc, char **argv);
/** doorstep mno operators ... */
int ds_cmd_mno(int argc, char **argv);
/** doorstep diag ... */
int ds_cmd_diag(int argc, char **argv);
/** doorstep discover [--json] [--seconds N] [--demo] */
int ds_cmd_discover(int argc, char **argv);
/** doorstep run [--demo] PLAN.json [--json] */
int ds_cmd_run(int argc, char **argv);
/** doorstep report [--json] SITE */
int ds_cmd_report(int argc, char **argv);
/** doorstep esim ACTION [--json] [--demo] --device DEV */
int ds_cmd_esim(int argc, char **argv);
/** doorstep plugin check [--json] FILE.so */
int ds_cmd_plugin(int argc, char **argv);

#endif
