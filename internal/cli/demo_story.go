package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/motcua/motcua/internal/demo"
)

// tellStory2025 runs demo.Story2025 on a generator handle (docs/units-2025.md):
// the merger of Thị trấn Đạ Tẻh, Xã An Nhơn and Xã Đạ Lây into Xã Đạ Tẻh.
func tellStory2025(ctx context.Context, cfg *Config, log *slog.Logger, stdout io.Writer) error {
	gen, clock, err := openGenerator(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer gen.Close()
	sum, err := demo.Story2025(ctx, gen, clock)
	if err != nil {
		return err
	}
	if sum.Skipped {
		fmt.Fprintf(stdout, "  the 2025 story is already told (Xã Đạ Tẻh: %s)\n", sum.NewCode)
		return nil
	}
	fmt.Fprintf(stdout, "  2025 story: An Nhơn and Đạ Lây %d dossiers before the merge; on 1 July 2025 Thị trấn Đạ Tẻh, Xã An Nhơn and Xã Đạ Lây merged into Xã Đạ Tẻh (%s), moving %d officers and %d open dossiers; %d dossiers after\n",
		sum.Before, sum.NewCode, sum.Officers, sum.Merged, sum.After)
	return nil
}
