# interviewer - build, run, test.
#
#   make          build build/interviewer
#   make run      install what is missing, build, start a text interview
#   make serve    the same, then start the web service (candidates in a browser)
#   make test     install what is missing, build, run every test (plain, then ASan+UBSan)
#   make bench    benchmarks (engine speed and memory, speech)
#   make fuzz     the libFuzzer targets for a short time
#
# Sources are found by wildcard: src/core is the pure library, the other
# src/ folders are adapters, src/cli/main.c is the program, tests/test_*.c
# are test programs, bench/bench_*.c benchmarks, fuzz/fuzz_*.c fuzz targets.

CC      ?= cc
BUILD   ?= build
SAN     ?=
DEBIAN_PACKAGES := build-essential pkg-config clang libcmocka-dev libjansson-dev libyaml-dev \
	libsqlite3-dev libedit-dev libcurl4-openssl-dev libsodium-dev libcivetweb-dev \
	libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us sphinxbase-utils flite1-dev \
	portaudio19-dev sox python3 libpq-dev postgresql libssl-dev

PKGS    := jansson yaml-0.1 sqlite3 libedit libcurl pocketsphinx sphinxbase libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
FLITE_LIBS := -lflite_cmu_us_slt -lflite_cmu_us_rms -lflite_cmu_us_awb -lflite_cmu_us_kal16 \
	-lflite_usenglish -lflite_cmulex -lflite
EXTRA_LIBS := $(FLITE_LIBS) -lcivetweb -lsodium -lportaudio -lm -lpthread

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN) -Isrc -Isrc/core -Isrc/store -Isrc/cli -Isrc/voice -Isrc/report -Isrc/web \
	-I/usr/include/pocketsphinx $(PKG_CFLAGS) \
	-DIV_DATA_DIR=\"$(CURDIR)/data\" -DIV_WEB_DIR=\"$(CURDIR)/web\" -DIV_SHARED_DIR=\"$(abspath $(CURDIR)/../shared)\"
LDFLAGS_ALL := $(SAN) $(PKG_LIBS) $(EXTRA_LIBS)

CORE_SRC    := $(sort $(wildcard src/core/*.c))
ADAPTER_SRC := $(sort $(filter-out src/cli/main.c,$(wildcard src/store/*.c src/brain/*.c src/voice/*.c src/web/*.c src/llm/*.c src/report/*.c src/cli/*.c)))
TEST_SRC    := $(sort $(wildcard tests/test_*.c))
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
BENCH_SRC   := $(sort $(wildcard bench/bench_*.c))

CORE_OBJ    := $(CORE_SRC:%.c=$(BUILD)/%.o)
ADAPTER_OBJ := $(ADAPTER_SRC:%.c=$(BUILD)/%.o)
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(BUILD)/%.o)
TEST_BIN    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN   := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run serve test test-plain test-san bench fuzz deps clean calibrate format

all: $(BUILD)/interviewer

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libivcore.a: $(CORE_OBJ)
	ar rcs $@ $^

$(BUILD)/libivadapters.a: $(ADAPTER_OBJ)
	ar rcs $@ $^

$(BUILD)/interviewer: $(BUILD)/src/cli/main.o $(BUILD)/libivadapters.a $(BUILD)/libivcore.a
	$(CC) $^ -o $@ $(LDFLAGS_ALL)

$(BUILD)/tests/%: tests/%.c $(TEST_SUPPORT_OBJ) $(BUILD)/libivadapters.a $(BUILD)/libivcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -Itests/support $^ -o $@ $(LDFLAGS_ALL) -lcmocka

# HTTPS on Debian 12 (hand-written because Debian's civetweb 1.15 expects the
# OpenSSL 1.1 names): civetweb dlopen()s "libssl.so" and "libcrypto.so" when a
# TLS server starts and needs SSL_get_peer_certificate, which OpenSSL 3 no
# longer exports.  tools/ssl_shim.c defines it over SSL_get1_peer_certificate;
# it becomes $(BUILD)/lib/libssl.so (SONAME libssl.so, linked to libssl.so.3),
# beside an empty $(BUILD)/lib/libcrypto.so (SONAME libcrypto.so, linked to
# libcrypto.so.3).  src/web/web_tls.c loads both by this full path before
# civetweb starts, and civetweb's dlopen() then gets them (see those files).
TLS_LIB_DIR := $(abspath $(BUILD))/lib
$(BUILD)/src/web/web_tls.o: ALL_CFLAGS += -DIV_TLS_LIB_DIR=\"$(TLS_LIB_DIR)\"
$(BUILD)/lib/libssl.so: tools/ssl_shim.c $(BUILD)/lib/libcrypto.so
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O2 $(WARN) -Wl,-soname,libssl.so -Wl,--no-as-needed $< -o $@ -lssl -lcrypto
$(BUILD)/lib/libcrypto.so:
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -x c /dev/null -Wl,-soname,libcrypto.so -Wl,--no-as-needed -o $@ -lcrypto
$(BUILD)/interviewer $(TEST_BIN): | $(BUILD)/lib/libssl.so

BENCH_SUPPORT_OBJ := $(BUILD)/bench/support/bench_support.o

$(BUILD)/bench/%: bench/%.c $(BENCH_SUPPORT_OBJ) $(BUILD)/libivadapters.a $(BUILD)/libivcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ibench/support $^ -o $@ $(LDFLAGS_ALL)

# Installs the Debian packages that are missing (as root, through apt-get).
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root to install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

run: deps
	$(MAKE) all
	$(BUILD)/interviewer chat

# The web service on 127.0.0.1:8080 (docs/web.md), with an API token for a first invitation.
serve: deps
	$(MAKE) all
	@echo "API token (keep it): $$($(BUILD)/interviewer token add make-serve)"
	@echo 'first invitation: curl -s -H "Authorization: Bearer TOKEN" -d '"'"'{"candidate_name":"Ada"}'"'"' http://127.0.0.1:8080/api/invitations'
	$(BUILD)/interviewer serve

# plain tests, a short fuzzing run, then the same tests under the sanitizers
# (last, so that the closing line is the count of passed and failed tests)
test: deps
	$(MAKE) all
	$(MAKE) test-plain
	$(MAKE) fuzz FUZZ_SECONDS=10
	$(MAKE) test-san

test-plain: $(BUILD)/interviewer $(TEST_BIN)
	@sh tests/run_tests.sh $(BUILD)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
test-san:
	IV_SANITIZED=1 $(MAKE) BUILD=build-san CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test-plain

# bench_web drives the built server with the tests' HTTP and WebSocket client
$(BUILD)/bench/bench_web: bench/bench_web.c $(BUILD)/tests/support/web_client.o $(BENCH_SUPPORT_OBJ) $(BUILD)/libivadapters.a $(BUILD)/libivcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/support -Ibench/support $^ -o $@ $(LDFLAGS_ALL)

# bench_llm talks to the tests' local OpenAI-protocol server
$(BUILD)/bench/bench_llm: bench/bench_llm.c $(BUILD)/tests/support/fake_llm.o $(BENCH_SUPPORT_OBJ) $(BUILD)/libivadapters.a $(BUILD)/libivcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/support -Ibench/support $^ -o $@ $(LDFLAGS_ALL)

bench: deps $(BENCH_BIN) $(BUILD)/interviewer
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

FUZZ_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
fuzz: deps
	@sh fuzz/run_fuzz.sh $(FUZZ_SECONDS) $(FUZZ_SRC)

format:
	clang-format -i $$(find src tests bench fuzz -name '*.[ch]')

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- voice: speech models, audio libraries (owned by the voice work) -------
# The domain language model and the extended pronunciation dictionary are
# built from data/ by tools/ (python3) into $(BUILD)/speech; the recognizer
# finds them through IV_SPEECH_DIR.  libsndfile and libsamplerate read,
# write and resample WAV files.
DEBIAN_PACKAGES += libsndfile1-dev libsamplerate0-dev espeak-ng libespeak-ng-dev python3-yaml
SPEECH_DIR  := $(BUILD)/speech
SPHINX_DICT := /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict
ALL_CFLAGS  += -DIV_SPEECH_DIR=\"$(abspath $(SPEECH_DIR))\"
LDFLAGS_ALL += -lsndfile -lsamplerate
# libspeexdsp cancels the interviewer's echo so barge-in works on speakers;
# tmux lets a test press the keys of `interviewer voice` on a real terminal.
DEBIAN_PACKAGES += libspeexdsp-dev tmux
LDFLAGS_ALL += -lspeexdsp
SPEECH_MODELS := $(SPEECH_DIR)/domain.lm.bin $(SPEECH_DIR)/domain.dict

all: $(SPEECH_MODELS)
$(TEST_BIN) $(BENCH_BIN): | $(SPEECH_MODELS)
$(BUILD)/bench/bench_speech: LDFLAGS_ALL += -lespeak-ng

$(SPEECH_DIR)/corpus.txt: tools/speech_corpus.py data/speech/dictionary.txt \
		$(wildcard data/speech/corpus/* data/lexicon.yaml data/signals.yaml data/playbooks/*.yaml)
	@mkdir -p $(dir $@)
	python3 tools/speech_corpus.py data data/speech/dictionary.txt $@

$(BUILD)/tools/flite_g2p: tools/flite_g2p.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $< -o $@ -lflite_cmulex -lflite_usenglish -lflite -lm

# The recognizer's vocabulary: the domain corpus's words and the
# GENERAL_WORDS most common English words of the stock model (0: all of
# cmudict's 130k words, which hears interview answers worse).
GENERAL_WORDS ?= 20000
SPHINX_LM   := /usr/share/pocketsphinx/model/en-us/en-us.lm.bin

$(BUILD)/tools/general_vocab: tools/general_vocab.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $< -o $@ $(shell pkg-config --cflags --libs pocketsphinx sphinxbase)

$(SPEECH_DIR)/general_vocab.txt: $(BUILD)/tools/general_vocab
	@mkdir -p $(dir $@)
	$(BUILD)/tools/general_vocab $(SPHINX_LM) $(if $(filter 0,$(GENERAL_WORDS)),1000000,$(GENERAL_WORDS)) >$@

$(SPEECH_DIR)/domain.dict: tools/build_dict.py data/speech/dictionary.txt \
		$(SPEECH_DIR)/corpus.txt $(BUILD)/tools/flite_g2p $(SPEECH_DIR)/general_vocab.txt
	python3 tools/build_dict.py $(SPHINX_DICT) data/speech/dictionary.txt \
	  $(SPEECH_DIR)/corpus.txt $(BUILD)/tools/flite_g2p $@ \
	  $(if $(filter 0,$(GENERAL_WORDS)),,$(SPEECH_DIR)/general_vocab.txt)

$(SPEECH_DIR)/domain.lm.bin: tools/build_lm.py $(SPEECH_DIR)/corpus.txt
	python3 tools/build_lm.py $(SPEECH_DIR)/corpus.txt $(SPEECH_DIR)/domain.arpa
	sphinx_lm_convert -i $(SPEECH_DIR)/domain.arpa -o $@ >$(SPEECH_DIR)/convert.log 2>&1 \
	  || { cat $(SPEECH_DIR)/convert.log; exit 1; }

# Real recordings for the tests and bench_speech --real (tests/speech/real),
# and sphinxtrain for speaker adaptation (MLLR): `make speech-adapt` writes
# the stock model's mixture weights and text mdef that sphinxtrain's bw reads
# (the model ships only sendump and a binary mdef); tools/mllr_adapt.sh
# solves a speaker's transform, INTERVIEWER_MLLR loads it.
DEBIAN_PACKAGES += pocketsphinx-testdata alsa-utils sphinxtrain
SPHINX_HMM := /usr/share/pocketsphinx/model/en-us/en-us
.PHONY: speech-adapt
speech-adapt: $(SPEECH_DIR)/adapt/mixture_weights $(SPEECH_DIR)/adapt/mdef.txt
$(SPEECH_DIR)/adapt/mixture_weights: tools/sendump_mixw.py
	@mkdir -p $(dir $@)
	python3 tools/sendump_mixw.py $(SPHINX_HMM)/sendump $@
$(BUILD)/tools/mdef_text: tools/mdef_text.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $< -o $@ $(shell pkg-config --cflags --libs pocketsphinx sphinxbase)
$(SPEECH_DIR)/adapt/mdef.txt: $(BUILD)/tools/mdef_text
	@mkdir -p $(dir $@)
	$(BUILD)/tools/mdef_text $(SPHINX_HMM)/mdef $@ 2>/dev/null
# --- end voice --------------------------------------------------------------

# --- scorecard: calibration against the labelled candidate files, and the
# browser the report test renders the HTML page with (owner: the scorecard) ---
DEBIAN_PACKAGES += chromium

# Runs every candidate of ../shared/candidates through the engine and prints
# the agreement of the scorecards with the files' labels.
# The new candidates are written blind and labelled by a panel of two
# (tests/candidates/README.md): dev/ may be read while changing the rubric,
# heldout/ may not; each set is reported on its own.
calibrate: $(BUILD)/interviewer
	@echo "== development: ../shared/candidates"
	$(BUILD)/interviewer calibrate $(abspath $(CURDIR)/../shared)/candidates
	@echo "== development: tests/candidates/dev"
	$(BUILD)/interviewer calibrate tests/candidates/dev
	@echo "== held out: tests/candidates/heldout"
	$(BUILD)/interviewer calibrate tests/candidates/heldout
# --- end scorecard ---
