# varta — document verification for National Guard applicants.
#
#   make            build every program into bin/
#   make demo       install missing packages, build, run the pipeline on samples/
#   make check      install missing packages, build, run every test
#   make check-asan unit tests under AddressSanitizer and UBSan
#   make bench      accuracy and speed tables on freshly generated documents
#   make install    PREFIX=/usr/local DESTDIR=
#
# Sources are discovered by folder, so a new module needs no Makefile edit:
#   validators/*.c           -> build/libvalidators.a
#   ocr/*.c ocr/*.cpp        -> build/libocr.a
#   pipeline/*.c (not varta*) -> build/libpipeline.a
#   pipeline/varta*.c        -> bin/varta*          (one program per file)
#   tests/test_*.c           -> build/tests/test_*  (one Check program per module)

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/varta

VERSION := 0.1.0
BUILD   ?= build

CC      ?= cc
CXX     ?= c++
PKG_CONFIG ?= pkg-config
SAN     ?=

PKGS_C   = tesseract lept jansson nettle zlib
PKGS_CXX = opencv4

CPPFLAGS += -D_GNU_SOURCE -DVARTA_VERSION='"$(VERSION)"' -DVARTA_DATADIR='"$(DATADIR)"' \
            -Ivalidators -Iocr -Ipipeline
CFLAGS   ?= -O2 -g
override CFLAGS   += -std=c11 -Wall -Wextra -Werror $(SAN)
CXXFLAGS ?= -O2 -g
override CXXFLAGS += -std=c++17 -Wall -Wextra -Werror $(SAN)
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS_C) 2>/dev/null)
PKG_CXXFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS_CXX) 2>/dev/null)
PKG_LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS_C) 2>/dev/null) \
               $(shell $(PKG_CONFIG) --libs opencv4 2>/dev/null | \
                   sed 's/-lopencv_[a-z_0-9]*//g') \
               -lopencv_wechat_qrcode -lopencv_objdetect -lopencv_imgproc -lopencv_core
override LDFLAGS += -Wl,--as-needed $(SAN)
LDLIBS  += $(PKG_LIBS) -lstdc++ -lm
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

VAL_SRC  := $(wildcard validators/*.c)
OCR_SRC  := $(wildcard ocr/*.c) $(wildcard ocr/*.cpp)
PIPE_SRC := $(filter-out pipeline/varta%.c,$(wildcard pipeline/*.c))
PROG_SRC := $(wildcard pipeline/varta*.c)
TEST_SRC := $(wildcard tests/test_*.c)

obj = $(patsubst %,$(BUILD)/%.o,$(basename $(1)))
VAL_OBJ  := $(call obj,$(VAL_SRC))
OCR_OBJ  := $(call obj,$(OCR_SRC))
PIPE_OBJ := $(call obj,$(PIPE_SRC))
LIBS     := $(BUILD)/libpipeline.a $(BUILD)/libocr.a $(BUILD)/libvalidators.a
PROGS    := $(patsubst pipeline/%.c,bin/%,$(PROG_SRC))
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))

DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: all demo check check-asan unit-tests bench install uninstall clean deps samples model
.DELETE_ON_ERROR:
.SECONDARY:

all: $(PROGS)

# Install Debian packages only when something is missing (the script is quiet then).
deps $(DEPS_STAMP): scripts/install-deps
	@scripts/install-deps
	@mkdir -p $(BUILD) && touch $(DEPS_STAMP)

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(PKG_CXXFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

# An archive with no members is still a valid (empty) library.
archive = @mkdir -p $(dir $@) && rm -f $@ && $(if $^,$(AR) rcs $@ $^,printf '!<arch>\n' > $@)
$(BUILD)/libvalidators.a: $(VAL_OBJ)
	$(archive)
$(BUILD)/libocr.a: $(OCR_OBJ)
	$(archive)
$(BUILD)/libpipeline.a: $(PIPE_OBJ)
	$(archive)

bin/%: $(BUILD)/pipeline/%.o $(LIBS)
	@mkdir -p bin
	$(CC) $(LDFLAGS) $< $(LIBS) $(LDLIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBS)
	$(CC) $(LDFLAGS) $< $(LIBS) $(CHECK_LIBS) $(LDLIBS) -o $@

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Running

demo: $(DEPS_STAMP) all
	@scripts/demo

unit-tests: $(DEPS_STAMP) $(PROGS) $(TESTS)
	@scripts/run-tests $(TESTS)

check: unit-tests
	@scripts/run-e2e

# GCC 12's -Wformat-overflow and -Wformat-truncation guess differently at -O1
# with UBSan (false "null format string"); the -O2 build keeps them as errors,
# so they are off in this build only.
check-asan:
	$(MAKE) BUILD=build-asan SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -Wno-format-overflow -Wno-format-truncation' \
	    CFLAGS='-O1 -g' CXXFLAGS='-O1 -g' unit-tests

bench: $(DEPS_STAMP) all
	@scripts/bench

samples: $(DEPS_STAMP)
	scripts/make-samples 1 8 samples/generated

model: $(DEPS_STAMP)
	scripts/train-mrz-model
	scripts/finetune-mrz-model

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/tessdata
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 644 ocr/tessdata/*.traineddata $(DESTDIR)$(DATADIR)/tessdata/
	install -m 644 validators/national-guard.policy $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 644 scripts/varta.service $(DESTDIR)$(PREFIX)/lib/systemd/system/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(wildcard pipeline/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS)))
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/man/man1/,$(notdir $(wildcard pipeline/*.1)))
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(PREFIX)/lib/systemd/system/varta.service

clean:
	rm -rf build build-asan bin
