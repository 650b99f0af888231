/* How the archway process keeps memory it has freed: one process compiles
 * many diagrams (the canvas server compiles on every save), and a large
 * diagram's build frees and again allocates a hundred MiB or more of
 * output text and tables each time. */
#ifndef AW_MEMORY_POLICY_H
#define AW_MEMORY_POLICY_H

/* Call once, at the start of main, before any thread starts: memory freed
 * by one build is kept (up to a bound) for the next instead of being given
 * back to the kernel and faulted in again page by page. No effect where
 * the C library offers no such setting. */
void aw_memory_policy_apply(void);

#endif
