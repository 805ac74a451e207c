/*
 * commands.c - the one table of subcommands.  Add a line here and a
 * cmd_NAME.c file to add a command.
 */
#include "commands.h"

const struct command commands[] = {
	{"chat", "[--jsonl] [--name NAME] [--seed N] [--virtual-clock] [--db PATH] [--playbook FILE] [--llm-url URL] [--llm-model NAME] [--llm-judge]",
	 "conduct an interview by text (a terminal, or JSON lines with --jsonl)", cmd_chat},
	{"resume", "ID [--jsonl] [--db PATH] [--llm-url URL] [--llm-model NAME] [--llm-judge]", "continue a stored interview where it stopped", cmd_resume},
	{"simulate", "CANDIDATE.json [--json] [--seed N] [--db PATH]",
	 "run a simulated candidate file through the interview", cmd_simulate},
	{"sessions", "[--db PATH]", "list stored interviews", cmd_sessions},
	{"transcript", "ID [--json] [--db PATH]", "print a stored interview", cmd_transcript},
	{"hear", "FILE.wav [--stt-url URL] [--json]", "transcribe a recording as the interviewer hears it",
	 cmd_hear},
	{"say", "\"TEXT\" [-o FILE.wav] [--voice slt|rms|awb|kal16] [--wpm 160]",
	 "speak text as the interviewer (without -o: print it as it will be said)", cmd_say},
	{"voice", "[--name NAME] [--voice slt|rms|awb|kal16] [--wpm 160] [--db PATH] [--stt-url URL] [--llm-url URL] [--llm-model NAME] [--llm-judge]",
	 "a spoken interview with the microphone and speakers (keys: p pause, r repeat, q end)",
	 cmd_voice},
	{"report", "ID --format html|md|json [-o FILE] [--db PATH]",
	 "the scorecard of a stored interview as a printable page, Markdown or JSON", cmd_report},
	{"rescore", "ID [--db PATH]", "judge a stored interview with the current rubric and store it",
	 cmd_rescore},
	{"compare", "ID ID... [--format text|md|json] [--db PATH]",
	 "candidates for the same role side by side", cmd_compare},
	{"serve", "[--host H] [--port N] [--db PATH] [--virtual-clock] [--seed N] [--max-interviews N] [--max-voice N] [--stt-url URL] [--llm-url URL] [--llm-model NAME] [--llm-judge]",
	 "the web service: candidates talk in a browser, recruiters use the API", cmd_serve},
	{"token", "add|revoke NAME [--db PATH]", "an API token for the web service (printed once)",
	 cmd_token},
	{"user", "add EMAIL [--db PATH]", "a recruiter account (password on standard input)", cmd_user},
	{"calibrate", "[DIR] [--seed N]",
	 "agreement of the scorecard with the labelled candidate files", cmd_calibrate},
};

const int n_commands = (int)(sizeof commands / sizeof commands[0]);
