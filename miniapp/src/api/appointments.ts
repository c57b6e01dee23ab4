import type {
  AppointmentView,
  BookAppointmentRequest,
  ConversationView,
  NotificationView,
  SlotView,
  WaitChoiceRequest,
} from '@cloud-seat/contracts';
import { http } from './http';

export const appointmentsApi = {
  /** Open slots of a region on a Beijing date (YYYY-MM-DD). */
  async slots(regionCode: string, date: string): Promise<SlotView[]> {
    const { slots } = await http.get<{ slots: SlotView[] }>(`/api/regions/${encodeURIComponent(regionCode)}/slots`, {
      query: { date },
      auth: false,
    });
    return slots;
  },

  async book(request: BookAppointmentRequest): Promise<AppointmentView> {
    const { appointment } = await http.post<{ appointment: AppointmentView }>('/api/citizen/appointments', request);
    return appointment;
  },

  async mine(): Promise<AppointmentView[]> {
    const { appointments } = await http.get<{ appointments: AppointmentView[] }>('/api/citizen/appointments');
    return appointments;
  },

  async cancel(id: string): Promise<AppointmentView> {
    const { appointment } = await http.post<{ appointment: AppointmentView }>(
      `/api/citizen/appointments/${encodeURIComponent(id)}/cancel`,
      {},
    );
    return appointment;
  },

  async notifications(): Promise<NotificationView[]> {
    const { notifications } = await http.get<{ notifications: NotificationView[] }>('/api/citizen/notifications');
    return notifications;
  },

  async markRead(id: string): Promise<void> {
    await http.post(`/api/citizen/notifications/${encodeURIComponent(id)}/read`, {});
  },

  /** The citizen's answer when the chosen seat has not answered in time. */
  async waitChoice(conversationId: string, request: WaitChoiceRequest): Promise<ConversationView> {
    const { conversation } = await http.post<{ conversation: ConversationView }>(
      `/api/conversations/${encodeURIComponent(conversationId)}/wait-choice`,
      request,
    );
    return conversation;
  },
};
