#!/bin/sh
# mllr_adapt.sh - a speaker's MLLR transform of the acoustic model's means,
# from recordings of them (16 kHz mono WAV), for INTERVIEWER_MLLR.
#
#   tools/mllr_adapt.sh BUILD/speech OUT.mllr FILE.wav...
#
# The transcript of FILE.wav is FILE.txt when it exists (supervised), else
# what `interviewer hear` hears in it (unsupervised: the first pass's words).
# sphinxtrain's bw counts the statistics against the stock model (with the
# mixture weights and text mdef `make speech-adapt` makes from its sendump
# and binary mdef), mllr_solve solves one global transform.  Needs the
# Debian packages sphinxtrain and sphinxbase-utils.  INTERVIEWER may name the
# interviewer binary (default: BUILD/interviewer beside BUILD/speech).
set -eu
speech=$1 out=$2
shift 2
adapt=$speech/adapt
hmm=${INTERVIEWER_SPHINX_MODEL_DIR:-/usr/share/pocketsphinx/model/en-us}/en-us
iv=${INTERVIEWER:-$(dirname "$speech")/interviewer}
st=/usr/lib/sphinxtrain
for f in "$adapt/mixture_weights" "$adapt/mdef.txt" "$st/bw" "$st/mllr_solve"; do
	[ -e "$f" ] || { echo "mllr_adapt: $f missing (make speech-adapt; apt-get install sphinxtrain)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/mfc" "$work/acc"
i=0
for wav in "$@"; do
	i=$((i + 1))
	id=$(printf 'utt%03d' "$i")
	sphinx_fe -argfile "$hmm/feat.params" -samprate 16000 -mswav yes -i "$wav" \
		-o "$work/mfc/$id.mfc" >"$work/fe.log" 2>&1 || { cat "$work/fe.log" >&2; exit 1; }
	if [ -f "${wav%.wav}.txt" ]; then
		words=$(tr 'A-Z' 'a-z' <"${wav%.wav}.txt" | tr -cs "a-z0-9'\n" ' ')
	else
		words=$(INTERVIEWER_SPEECH_DIR=$speech INTERVIEWER_VTLN_WARP=1 "$iv" hear "$wav" 2>/dev/null)
	fi
	echo "$id" >>"$work/ctl"
	echo "<s> $words </s> ($id)" >>"$work/lsn"
done
"$st/bw" -hmmdir "$hmm" -moddeffn "$adapt/mdef.txt" -mixwfn "$adapt/mixture_weights" \
	-ts2cbfn .ptm. -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 -cmn batch -agc none \
	-dictfn "$speech/domain.dict" -fdictfn "$hmm/noisedict" -ctlfn "$work/ctl" \
	-lsnfn "$work/lsn" -cepdir "$work/mfc" -cepext mfc -accumdir "$work/acc" \
	-meanfn "$hmm/means" -varfn "$hmm/variances" -tmatfn "$hmm/transition_matrices" \
	>"$work/bw.log" 2>&1 || { tail -5 "$work/bw.log" >&2; exit 1; }
"$st/mllr_solve" -meanfn "$hmm/means" -varfn "$hmm/variances" -outmllrfn "$out" \
	-accumdir "$work/acc" >"$work/solve.log" 2>&1 || { tail -5 "$work/solve.log" >&2; exit 1; }
echo "mllr_adapt: $out from $i recordings" >&2
