#!/bin/sh
# Runs every test program of a build folder (tests/test_*.c built into
# BUILD/tests/) and ends with one line "N passed, N failed".
# Usage: tests/run_tests.sh BUILD
build=${1:-build}
passed=0
failed=0
failed_names=""
export IV_BUILD_DIR="$build"
export IV_BINARY="$build/interviewer"
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	log="$build/tests/$name.log"
	start=$(date +%s)
	if "$t" >"$log" 2>&1; then
		status=ok
	else
		status=FAILED
	fi
	end=$(date +%s)
	n_ok=$(grep -c '^\[       OK \]' "$log")
	n_bad=$(grep -c '^\[  FAILED  \]' "$log")
	n_bad_names=$(grep '^\[  FAILED  \] [^0-9]' "$log" | grep -vc 'test(s)')
	if [ "$status" = ok ]; then
		passed=$((passed + n_ok))
		echo "ok      $name ($n_ok tests, $((end - start)) s)"
	else
		passed=$((passed + n_ok))
		if [ "$n_bad_names" -eq 0 ]; then n_bad_names=1; fi
		failed=$((failed + n_bad_names))
		failed_names="$failed_names $name"
		echo "FAILED  $name ($((end - start)) s); its output:"
		sed 's/^/    /' "$log" | tail -60
	fi
done
[ -z "$failed_names" ] || echo "failed programs:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
