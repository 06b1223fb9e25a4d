/**
 * Text utilities of the answering code, one job each, for French and English: content {@link
 * io.hubia.runtime.answer.text.Terms terms} for lexical matching, {@link
 * io.hubia.runtime.answer.text.Sentences sentences}, citation {@link
 * io.hubia.runtime.answer.text.Markers markers}, {@link io.hubia.runtime.answer.text.Numbers
 * numbers}, the {@link io.hubia.runtime.answer.text.LanguageDetector language} of a text and {@link
 * io.hubia.runtime.answer.text.SmallTalk small talk}.
 */
package io.hubia.runtime.answer.text;
