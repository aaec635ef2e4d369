package store

// SkipPortalMessages turns the writing of portal messages off (true) or on,
// for every database of the process: for the benchmark of their cost only.
func SkipPortalMessages(skip bool) { skipPortalMessages.Store(skip) }
