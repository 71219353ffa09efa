#!/usr/bin/env node
import "../../skill/scripts/share.mjs";
