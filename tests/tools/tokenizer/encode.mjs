// Independent reference for Fleet's BPE tokenizer: tokenizers.js (@huggingface/tokenizers, pinned in package.json).
// stdin: {"tokenizer": PATH, "config": PATH|null, "texts": [..], "add_special_tokens": bool, "decode": [[ids]..]}
// stdout: {"ids": [[..]..], "decoded": [..]}
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const request = JSON.parse(readFileSync(0, "utf8"));
const tokenizerJson = JSON.parse(readFileSync(request.tokenizer, "utf8"));
const config = request.config ? JSON.parse(readFileSync(request.config, "utf8")) : {};
const tokenizer = new Tokenizer(tokenizerJson, { clean_up_tokenization_spaces: false, ...config });

const ids = request.texts.map((text) => tokenizer.encode(text, { add_special_tokens: request.add_special_tokens ?? true }).ids);
// tokenizers.js refuses an empty id list; its decoding is the empty string.
const decoded = (request.decode ?? []).map((list) =>
  list.length === 0 ? "" : tokenizer.decode(list, { skip_special_tokens: false, clean_up_tokenization_spaces: false }));
process.stdout.write(JSON.stringify({ ids, decoded }));
