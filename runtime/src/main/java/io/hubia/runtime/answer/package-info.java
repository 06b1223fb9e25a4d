/**
 * Answering: the answerers (extractive and model), citation verification and fallback.
 *
 * <p>Flow of one question: the runtime retrieves the chunks the caller may read and numbers them as
 * {@link io.hubia.runtime.answer.Evidence}; an {@link io.hubia.runtime.answer.Answerer} writes a
 * {@link io.hubia.runtime.answer.DraftAnswer} with {@code [n]} markers; the citation verifier keeps
 * only the claims whose cited evidence supports them and decides whether what is left is enough,
 * else the reply is the fallback.
 */
package io.hubia.runtime.answer;
