package dossier

// CheckForm reports the problems of an action's own fields that need no
// dossier: the text bounds, and the reason of the kinds that require one
// (refuse, withdraw, stop, request_supplement, send_back, draft_apology).
// A form that stops an action before it reaches Apply (a confirmation box
// left empty) uses it to report every problem at once. Errors: Invalid.
func (a Action) CheckForm() error {
	a.Normalize()
	if err := a.checkBounds(); err != nil {
		return err
	}
	switch a.Kind {
	case ActRefuse, ActWithdraw, ActStop, ActRequestSupplement, ActSendBack, ActDraftApology:
		return requireReason(a)
	}
	return nil
}
