#!/bin/sh
# Self-test of our own validators (tests/validators/check-*.js): each must
# pass its good files and catch every one of its bad files, so that the
# checks of what `archway build` writes cannot pass vacuously.
# Usage: sh scripts/validate-validators.sh
exec sh "$(dirname "$0")/../tests/validators/test/run.sh"
