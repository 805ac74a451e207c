#!/bin/sh
# Builds each fuzz/fuzz_*.c with libFuzzer (clang, ASan, UBSan) and runs it
# for SECONDS, seeded from tests' sample inputs.  Usage: run_fuzz.sh SECONDS FILES...
set -e
seconds=$1
shift
out=build-fuzz
mkdir -p "$out"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c11 -D_GNU_SOURCE \
  -Isrc -Isrc/core -Isrc/cli -Isrc/store -Ifuzz -DIV_DATA_DIR=\"$(pwd)/data\" $(pkg-config --cflags jansson yaml-0.1)"
libs="$(pkg-config --libs jansson yaml-0.1) -lm"
core=$(ls src/core/*.c)
status=0
for f in "$@"; do
	name=$(basename "$f" .c)
	extra="fuzz/support_lexicon.c"
	case "$name" in fuzz_jsonl) extra="src/cli/jsonl.c" ;; esac
	# shellcheck disable=SC2086
	clang $flags "$f" $extra $core -o "$out/$name" $libs
	corpus="$out/$name-corpus"
	mkdir -p "$corpus"
	case "$name" in
	fuzz_jsonl)
		printf '{"text":"I would use Redis"}' >"$corpus/a"
		printf '{"text":"","seconds":20}' >"$corpus/b"
		printf '{"audio":"/tmp/x.wav"}' >"$corpus/c" ;;
	fuzz_playbook)
		cp data/playbooks/backend.yaml "$corpus/backend.yaml" ;;
	fuzz_rubric)
		cp data/rubric.yaml "$corpus/rubric.yaml" ;;
	esac
	echo "fuzzing $name for $seconds s"
	if ! "$out/$name" -max_total_time="$seconds" -max_len=200000 -rss_limit_mb=2048 \
		-print_final_stats=0 "$corpus" >"$out/$name.log" 2>&1; then
		echo "FUZZ FAILURE in $name:"
		tail -40 "$out/$name.log"
		status=1
	else
		grep -E '^#[0-9]+.*(DONE|pulse)' "$out/$name.log" | tail -1
	fi
done
exit $status
