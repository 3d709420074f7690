/**
 * CLIP's byte-level BPE tokenizer: text cleaning, pre-tokenization, encoding with the merges of
 * OpenAI's or Hugging Face's vocabulary files, decoding, and training a new vocabulary.
 *
 * <p>Entry points: {@link dev.clipjvm.clip.data.text.BpeTokenizer} (encode, tokenize, decode),
 * {@link dev.clipjvm.clip.data.text.BpeVocabulary} (read and write vocabularies) and
 * {@link dev.clipjvm.clip.data.text.BpeTrainer} (learn merges from a corpus).
 */
package dev.clipjvm.clip.data.text;
